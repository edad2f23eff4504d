# AutoMix's own CIFAR recipe: the Table 1 CIFAR recipe (../../automix-t1-cifar/_base_/
# recipe_800e.py: 1 GPU x 100, SGD lr 0.1, momentum 0.9, wd 1e-4, 800 epochs) with
# OpenMixup's AutoMix changes (configs/classification/cifar100/automix/basic/
# {r18,rx50}_l2_a2_near_L1_01_mlr5e_2.py): cosine to 0.05 instead of 0 ("min_lr=5e-2
# for the momentum encoder"), the Mix Block in the encoder's parameter group, and the
# momentum encoder at 0.999 for the first 10% of the iterations, then a cosine to
# 0.999999 (CosineScheduleHook, adjust_scope [0.1, 1.0]). Evaluated with the momentum
# encoder. The data: automix_cifar{10,100}.py.
_base_ = [
    '../../automix-t1-cifar/_base_/recipe_800e.py',
    './automix_momentum_encoder.py',
]

param_scheduler = [
    dict(type='CosineAnnealingLR', T_max=800, eta_min=0.05, by_epoch=True, begin=0,
         end=800),
]
recipe_differences = [
    "no lambda channel in the Mix Block (lam_concat=False, as OpenMixup's CIFAR and Tiny "
    'AutoMix configs); the paper\'s Mix Block embeds lambda (Sec. 3, Fig. 9 "lambda '
    'embedding")',
]
