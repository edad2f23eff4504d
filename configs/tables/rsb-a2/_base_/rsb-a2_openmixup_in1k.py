# The RSB A2 recipe ("ResNet strikes back", Wightman et al. 2021, Table 1) as AutoMix
# Table 3 ran it (OpenMixup) on EfficientNet-B0 and MobileNetV2. The arms in this
# folder differ in the backbone and the batch mix only; the mix is set by each arm.
#
# Source of every number: Westlake-AI/openmixup configs/classification/imagenet/
# mixups/rsb_a2/{efficientnet_b0,mobilenet_v2_1x}_rsb_a2_CE_sigm_mix0_1_cut1_0_
# 4xb256_accu2_fp16.py and configs/classification/_base_/datasets/imagenet/
# rsb_a2_sz224_8xbs256.py; they match the paper's A2 column except stochastic depth:
# - 300 epochs, 2048 images a step (OpenMixup: 4 GPUs x 256, 2 accumulated steps;
#   here 8 x 256, the same batch-norm batch and step); LAMB lr 5e-3, wd 0.02 (none on
#   norms and biases), betas (0.9, 0.999), eps 1e-6, LAMB's own global grad-norm clip
#   at 1.0, no other clipping;
# - 5 warm-up epochs from 1e-5 x lr, per iteration; cosine to 1e-6, per epoch;
# - binary cross-entropy (sigmoid) on the soft mixed target, summed over the classes
#   and averaged over the batch; no label smoothing;
# - RandomResizedCrop 224 bicubic, flip, RandAugment (timm's increasing policies, 2 of
#   them, m7, std 0.5); repeated augmentation (RepeatAugSampler); no random erasing,
#   no EMA; no stochastic depth on these backbones (RSB's 0.05 is ResNet-50's);
# - test: resize 236 bicubic, centre crop 224 (crop ratio 0.95); OpenMixup reports
#   the median top-1 of the last 10 epochs (its mixups README).
# mmpretrain's resnet50_8xb256-rsb-a2-300e config (inherited: LAMB, BCE, the A2
# RandAugment, RepeatAugSampler, the 236/224 test, no decay on norms and biases) has
# the same recipe except the warm-up start (1e-4 x lr); each arm replaces its ResNet.
_base_ = [
    'mmpretrain::resnet/resnet50_8xb256-rsb-a2-300e_in1k.py',
    './openmixup_rsb.py',
]

# No batch mix in the recipe: rsb-a2_rsb-mix_in1k.py sets the arms' one (with
# _delete_: a dict cannot be merged into None).
model = dict(train_cfg=None)

# OpenMixup (mmcv): lr = cosine(epoch) x warm-up factor, the cosine over all 300
# epochs from epoch 0; here the cosine spans the 295 epochs after the warm-up.
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-5, by_epoch=True, begin=0, end=5,
         convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', T_max=295, eta_min=1e-6, by_epoch=True, begin=5,
         end=300),
]

recipe_differences = [
    'cosine over the 295 epochs after warm-up (OpenMixup: over 300 from epoch 0, '
    '<= 1.5% of the lr apart)',
] + _base_.recipe_differences
