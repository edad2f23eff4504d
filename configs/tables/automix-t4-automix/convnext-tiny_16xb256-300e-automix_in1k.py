# ConvNeXt-T in AutoMix Table 4's recipe (OpenMixup's ConvNeXt runs,
# ../automix-t4-convnext/_base_/convnext-tiny_openmixup_in1k.py) with AutoMix: the Mix
# Block reads the momentum encoder's stage-3 map, 14 x 14 x 384 as its blocks give it
# (mix_feature='stage_blocks': mmpretrain's out_indices outputs are pooled and
# normed, OpenMixup's ConvNeXt outputs stages 0-2 as they are), upsampled 16x to the
# image; two linear heads on the pooled, normed last stage; the shared AutoMix
# settings in ./_base_/automix_openmixup.py.
# Source: Westlake-AI/openmixup configs/classification/imagenet/automix/convnext/
# convnext_t_l2_a2_near_lam_cat_switch0_8_8x128_accu4_ep300.py (its automix README's
# ConvNeXt-T row: 82.28): out_indices (2, 3) with mask_layer 2 (1/16), drop path 0.1,
# AdamW 4e-3 (Mix Block 4e-3, cosine to 1e-4), 8 x 128 x 4 accumulated = 4096 a step
# (here 16 x 256, the recipe's split), 20 warm-up epochs from 1e-5 x lr, cosine to
# 1e-6, no clipping, no decay on norms and biases, no model EMA (the evaluated
# momentum encoder is one), momentum to 0.99996, fp32. Its Mix Block in_channels=768
# fits no stage-3 map of ConvNeXt-T (384 channels; stage 4 is pooled): 384 here, as
# its CIFAR-100 ConvNeXt-T AutoMix config has. Where this differs from the other arms
# of the recipe (OpenMixup's v0.2.0 convnext_tiny mix file): min lr 1e-6 (1e-5), no
# decay on norms (decay on them), no EMA hook (EMA 0.9999).
# AutoMix T4 "AutoMix" ConvNeXt-T: 82.28.
_base_ = ['../automix-t4-convnext/_base_/convnext-tiny_openmixup_in1k.py',
          './_base_/automix_openmixup.py']

model = dict(
    _base_.automix_model,
    mix_head=_base_.model.head,
    mix_block=dict(_base_.automix_model.mix_block, in_channels=384),
    mix_stage=2,
    mix_feature='stage_blocks')

optim_wrapper = dict(
    _base_.automix_optim_wrapper,
    paramwise_cfg=dict(_base_.automix_optim_wrapper.paramwise_cfg, norm_decay_mult=0.0))
custom_hooks = [dict(_base_.automix_momentum_hook, end_momentum=0.99996)]
# The AutoMix file's encoder schedule (20 warm-up epochs from 1e-5 x lr, cosine to
# 1e-6) without the Mix Block, whose cosine runs by iteration to 1e-4.
param_scheduler = [
    dict(type='mmrecmix.GroupLinearLR', exclude_groups=['mix_block'],
         start_factor=1e-5, by_epoch=True, begin=0, end=20, convert_to_iter_based=True),
    dict(type='mmrecmix.GroupCosineAnnealingLR', exclude_groups=['mix_block'],
         T_max=280, eta_min=1e-6, by_epoch=True, begin=20, end=300,
         convert_to_iter_based=True),
    _base_.mix_block_cosine,
]

paper_rows = [
    dict(paper='AutoMix', table='T4', method='AutoMix', column='ConvNeXt-T'),
]

# The recipe's records, less the other arms', the fp16 one and the EMA warm-up one
# (OpenMixup's AutoMix file: fp32, no EMA hook).
recipe_differences = [
    line for line in _base_.recipe_differences
    if ' arm: ' not in line and not line.startswith(('fp32', 'model EMA without'))
] + _base_.automix_differences
