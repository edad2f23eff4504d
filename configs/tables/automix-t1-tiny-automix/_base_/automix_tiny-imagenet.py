# AutoMix's own Tiny-ImageNet recipe, OpenMixup's configs/classification/tiny_imagenet/
# automix/basic/{r18_l2_a2_near_mb_mlr1e_3_bb_mlr5e_2,rx50_..._2xb50}.py: the Tiny
# recipe (../../automix-t1-tiny/_base_/tiny-imagenet.py: 100 images a step, SGD lr 0.2,
# momentum 0.9, wd 1e-4, 400 epochs) with the encoder's cosine ending at 0.05 instead
# of 0, the Mix Block in its own group at lr 0.1 with a cosine to 1e-3, and the
# momentum encoder at 0.999 for the first 10% of the iterations, then a cosine to
# 0.999999. Evaluated with the momentum encoder.
_base_ = [
    '../../automix-t1-tiny/_base_/tiny-imagenet.py',
    '../../automix-t1-cifar-automix/_base_/automix_momentum_encoder.py',
]

optim_wrapper = dict(
    constructor='mmrecmix.GroupOptionsConstructor',
    paramwise_cfg=dict(group_options=dict(mix_block=dict(lr=0.1))))
param_scheduler = [
    dict(type='mmrecmix.GroupCosineAnnealingLR', exclude_groups=['mix_block'],
         T_max=400, eta_min=0.05, by_epoch=True, begin=0, end=400),
    dict(type='mmrecmix.GroupCosineAnnealingLR', groups=['mix_block'],
         T_max=400, eta_min=1e-3, by_epoch=True, begin=0, end=400),
]
recipe_differences = [
    'RX-50: 1 GPU x 100 (OpenMixup: 2 GPUs x 50, the same 100 a step)',
    "no lambda channel in the Mix Block (lam_concat=False, as OpenMixup's CIFAR and Tiny "
    'AutoMix configs); the paper\'s Mix Block embeds lambda (Sec. 3, Fig. 9 "lambda '
    'embedding")',
]
