# Recipe of AutoMix Table 4 on ConvNeXt-T (ImageNet-1k, 300 epochs, "DeiT training
# settings"): OpenMixup's ConvNeXt-T runs, which are ConvNeXt's own recipe rather than
# the DeiT column of AutoMix Table 12. The arms in this folder differ only in the mix.
#
# Source of every number: Westlake-AI/openmixup at v0.2.0 (commit 7d288a2, 2022-03-31,
# where docs/model_zoos/Model_Zoo_sup.md first lists every ConvNeXt-T number of the
# table), configs/classification/imagenet/mixups/convnext/
# convnext_tiny_smooth_mix_8xb256_accu2_ema_fp16.py (each method's run: this file with
# its mix_mode and alpha) and configs/classification/_base_/datasets/imagenet/
# swin_sz224_4xbs256.py:
# - ConvNeXt arch 'tiny', LayerNorm eps 1e-6, GELU, drop path 0.1, layer scale 1e-6,
#   global average pooling before the last norm, a linear head on 768;
# - 8 GPUs x 256 with 2 accumulated steps = 4096 a step; here 16 x 256 (the same mix
#   batch per GPU and the same step); AdamW lr 4e-3, wd 0.05, eps 1e-8, betas (0.9,
#   0.999), decay on every parameter but the biases (its norm regexp matches no
#   ConvNeXt name); no gradient clipping;
# - 20 warm-up epochs from 1e-5 x lr, per iteration; cosine to 1e-5, per iteration;
# - model EMA, decay 0.9999 a step (OpenMixup's EMAHook, evaluated on the EMA model);
# - label smoothing 0.1 ('original', on the mixed target);
# - RandomResizedCrop 224 bicubic, flip, RandAugment (timm's increasing policies, 2 of
#   them, m9, std 0.5), RandomErasing 0.25 'rand'; no repeated augmentation; test:
#   resize 256 bicubic, centre crop 224; OpenMixup reports the best epoch's top-1.
# OpenMixup's file changed after these runs (v0.2.3-v0.2.7): min lr and warm-up start
# 1e-6, no decay on norms and layer-scale gamma, EMA warm-up over 20 x 626 iterations.
# mmpretrain's convnext-tiny_32xb128 config (inherited: the model, the swin_224
# pipeline, AdamW 4e-3 for 4096, no clipping, EMAHook momentum 1e-4) has the same
# recipe except the batch split, the decay-free parameters and the schedule.
_base_ = [
    'mmpretrain::convnext/convnext-tiny_32xb128_in1k.py',
    '../../smmix-t2/_base_/openmixup_deit-setting.py',
]

# No batch mix in the recipe: each arm sets its own train_cfg (with _delete_: a
# dict cannot be merged into None).
model = dict(train_cfg=None)

train_dataloader = dict(batch_size=256)

optim_wrapper = dict(paramwise_cfg=dict(_delete_=True, bias_decay_mult=0.0))

# OpenMixup (mmcv): lr = cosine(t) x warm-up factor, the cosine over all 300 epochs from
# iteration 0; here the cosine spans the 280 epochs after the warm-up.
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-5, by_epoch=True, begin=0, end=20,
         convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', T_max=280, eta_min=1e-5, by_epoch=True, begin=20,
         end=300, convert_to_iter_based=True),
]

recipe_differences = [
    'cosine over the 280 epochs after warm-up (OpenMixup: over 300 from epoch 0, '
    '<= 6.3% of the lr apart)',
    'model EMA without warm-up (OpenMixup: the decay rises linearly from 0.9 x 0.9999 '
    'over the first 20 x 2503 iterations)',
    'initialisation: truncated normal (0.02) on the convolutions and the head '
    "(mmpretrain's, ConvNeXt's code); OpenMixup: LeCun truncated normal on the "
    'convolutions, normal (0.01) on the head',
    # AutoMix's appendix (Table 12, "DeiT" column) lists a recipe the runs behind the
    # numbers (OpenMixup's convnext_tiny file) do not use; this recipe follows the runs.
    "4096 images a step, AdamW lr 4e-3 (AutoMix Table 12, DeiT setting: 1024, 1e-3), as "
    "OpenMixup's convnext_tiny",
    "20 warm-up epochs (AutoMix Table 12, DeiT setting: 5), as OpenMixup's convnext_tiny",
    "no repeated augmentation (AutoMix Table 12, DeiT setting: on), as OpenMixup's "
    'convnext_tiny',
    'no gradient clipping (AutoMix Table 12, DeiT setting: 1.0), as '
    "OpenMixup's convnext_tiny",
] + _base_.recipe_differences

batch_mean_differences = [
    "labels of each sample mixed by the batch's mean lambda "
    "(label_weighting='batch_mean'), as OpenMixup's ClsMixupHead (multi_label False) "
    'of the ConvNeXt file weights the loss; the paper mixes each by its own lambda',
]
