# The RSB A3 recipe ("ResNet strikes back", Wightman et al. 2021, Table 1) as AutoMix
# Table 3 ran it (OpenMixup). The arms in this folder differ in the backbone and the
# batch mix only; the mix is set by each arm.
#
# Source of every number: Westlake-AI/openmixup configs/classification/imagenet/
# mixups/rsb_a3/{r50,efficientnet_b0,mobilenet_v2_1x}_rsb_a3_CE_sigm_mix0_1_cut1_0_
# 4xb512_fp16.py and configs/classification/_base_/datasets/imagenet/
# rsb_a3_sz160_4xbs512.py; they match the paper's A3 column:
# - 100 epochs, 4 GPUs x 512 = 2048; LAMB lr 8e-3, wd 0.02 (none on norms and biases),
#   betas (0.9, 0.999), eps 1e-6, LAMB's own global grad-norm clip at 1.0, no other
#   clipping;
# - 5 warm-up epochs from 1e-5 x lr, per iteration; cosine to 1e-6, per epoch;
# - binary cross-entropy (sigmoid) on the soft mixed target, summed over the classes
#   and averaged over the batch; no label smoothing;
# - RandomResizedCrop 160 bicubic, flip, RandAugment (timm's increasing policies, 2 of
#   them, m6, std 0.5); no random erasing, no repeated augmentation, no stochastic
#   depth, no EMA;
# - test: resize 236 bicubic, centre crop 224 (crop ratio 0.95); OpenMixup reports
#   the median top-1 of the last 5 epochs (its mixups README).
# mmpretrain's resnet50_8xb256-rsb-a3-100e config (inherited: LAMB, BCE, the A3
# RandAugment, the 236/224 test, no decay on norms and biases) has the same recipe
# except the train crop (224 there) and the warm-up start (1e-4 x lr).
_base_ = [
    'mmpretrain::resnet/resnet50_8xb256-rsb-a3-100e_in1k.py',
    '../../rsb-a2/_base_/openmixup_rsb.py',
]

# No batch mix in the recipe: rsb-a3_rsb-mix_in1k.py sets the arms' one (with
# _delete_: a dict cannot be merged into None).
model = dict(train_cfg=None)

# mmpretrain's A3 pipeline with RSB's 160-pixel training crop.
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='RandomResizedCrop', scale=160, backend='pillow',
         interpolation='bicubic'),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='RandAugment', policies='timm_increasing', num_policies=2,
         total_level=10, magnitude_level=6, magnitude_std=0.5,
         hparams=dict(pad_val=[104, 116, 124], interpolation='bicubic')),
    dict(type='PackInputs'),
]
train_dataloader = dict(batch_size=512, dataset=dict(pipeline=train_pipeline))

# OpenMixup (mmcv): lr = cosine(epoch) x warm-up factor, the cosine over all 100
# epochs from epoch 0; mmengine's schedulers run one after the other, so the cosine
# spans the 95 epochs after the warm-up (as mmpretrain's RSB configs).
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-5, by_epoch=True, begin=0, end=5,
         convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', T_max=95, eta_min=1e-6, by_epoch=True, begin=5,
         end=100),
]

recipe_differences = [
    'cosine over the 95 epochs after warm-up (OpenMixup: over 100 from epoch 0, '
    '<= 4.7% of the lr apart)',
] + _base_.recipe_differences

fmix_differences = _base_.fmix_differences + [
    "FMix arm: masks drawn at the input's size, 160 px; OpenMixup's rsb_a3 files keep "
    'mix_args fmix size (224, 224), whose mask cannot multiply a 160 px batch, so the '
    'mask size of the run behind the table is not recorded',
]
