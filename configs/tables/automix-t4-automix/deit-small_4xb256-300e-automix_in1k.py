# DeiT-S in AutoMix Table 4's / SMMix Table 2's recipe (OpenMixup's DeiT setting,
# ../smmix-t2/_base_/deit-small_openmixup_in1k.py) with AutoMix: the Mix Block reads
# the momentum encoder's patch tokens after block 6 of 12 (mix_stage=5,
# mix_feature='vit_tokens': class token dropped, 14 x 14 x 384 at 224 px, no norm),
# upsampled 16x to the image; two VisionTransformerClsHeads; the shared AutoMix
# settings in ./_base_/automix_openmixup.py.
# Source: Westlake-AI/openmixup configs/classification/imagenet/automix/deit/
# deit_s_l6_a2_near_lam_cat_switch0_8_8x128_ep300.py (its automix README's DeiT-S
# row: 80.78): out_indices (5, 11), Mix Block in_channels 384, drop path 0.1, AdamW
# 1e-3 (Mix Block 1e-3, cosine to 1e-4), 8 x 128 = 1024 a step (here 4 x 256, the
# recipe's split), 5 warm-up epochs from 1e-5, cosine to 1e-5, clipping at 5, fp32.
# Its one setting beyond the mix that the other arms of the recipe do not share:
# stochastic depth 0.1 (OpenMixup's deit_small mix file: 0; AutoMix Table 12: 0.1).
# AutoMix T4 "AutoMix" DeiT-S: 80.78; SMMix T2 copies it as 80.8 (the same run).
_base_ = ['../smmix-t2/_base_/deit-small_openmixup_in1k.py',
          './_base_/automix_openmixup.py']

model = dict(
    _base_.automix_model,
    backbone=dict(drop_path_rate=0.1),
    mix_head=_base_.model.head,
    mix_block=dict(_base_.automix_model.mix_block, in_channels=384),
    mix_stage=5,
    mix_feature='vit_tokens')

optim_wrapper = _base_.automix_optim_wrapper
custom_hooks = [_base_.automix_momentum_hook]
# The recipe's encoder schedule (warm-up, cosine) without the Mix Block, then the Mix
# Block's own cosine.
param_scheduler = [
    dict(type='mmrecmix.GroupLinearLR', exclude_groups=['mix_block'],
         start_factor=1e-5, by_epoch=True, begin=0, end=5, convert_to_iter_based=True),
    dict(type='mmrecmix.GroupCosineAnnealingLR', exclude_groups=['mix_block'],
         T_max=295, eta_min=1e-5, by_epoch=True, begin=5, end=300,
         convert_to_iter_based=True),
    _base_.mix_block_cosine,
]

paper_rows = [
    dict(paper='AutoMix', table='T4', method='AutoMix', column='DeiT-S'),
    dict(paper='SMMix', table='T2', method='AutoMix', column='DeiT-S'),
]

# The recipe's records, less the other arms' and two that do not hold for this run:
# OpenMixup's AutoMix file trains in fp32 and with stochastic depth 0.1, as the paper.
recipe_differences = [
    line for line in _base_.recipe_differences
    if ' arm: ' not in line and not line.startswith(('fp32', 'stochastic depth 0 '))
] + _base_.automix_differences + [
    "Mix Block on the patch tokens after block 6 of 12 (OpenMixup's out_indices (5, 11)); "
    "the paper's feature layer l = 3 is a ResNet stage",
]
