# AutoMix's own WRN-28-8 recipe on CIFAR-100, OpenMixup's configs/classification/
# cifar100/automix/basic/wrn28_8_l1_a2_near_L1_01_mlr1e_3.py: the WRN-28-8 mixup recipe
# (../../automix-t1-cifar-wrn/_base_/wrn28-8_cifar100.py: 1 GPU x 100, SGD lr 0.03,
# momentum 0.9, wd 1e-3, 400 epochs) with cosine to 1e-3 instead of 0 for every
# parameter group, the Mix Block at lr 0.03 with SGD momentum 0 ("momentum=0 performs
# better in 400ep"), and the momentum encoder at 0.999 for the first 10% of the
# iterations, then a cosine to 0.999999. Evaluated with the momentum encoder.
_base_ = [
    '../../automix-t1-cifar-wrn/_base_/wrn28-8_cifar100.py',
    '../../automix-t1-cifar-automix/_base_/automix_momentum_encoder.py',
]

optim_wrapper = dict(
    constructor='mmrecmix.GroupOptionsConstructor',
    paramwise_cfg=dict(group_options=dict(mix_block=dict(momentum=0.0))))
param_scheduler = [
    dict(type='CosineAnnealingLR', T_max=400, eta_min=1e-3, by_epoch=True, begin=0,
         end=400),
]
recipe_differences = [
    "no lambda channel in the Mix Block (lam_concat=False, as OpenMixup's CIFAR and Tiny "
    'AutoMix configs); the paper\'s Mix Block embeds lambda (Sec. 3, Fig. 9 "lambda '
    'embedding")',
    "Mix Block on the second of the three WRN stages (mix_stage=1, OpenMixup's "
    'mask_layer 1); the paper uses the feature layer l = 3 in every experiment',
]
