# Swin-T in AutoMix Table 4's / SMMix Table 2's recipe (OpenMixup's DeiT setting,
# ../smmix-t2/_base_/swin-tiny_openmixup_in1k.py) with AutoMix: the Mix Block reads
# the momentum encoder's stage-3 output after its patch merging, 7 x 7 x 768 with its
# LayerNorm (backbone out_indices (2, 3) with out_after_downsample=True, as
# OpenMixup's Swin outputs a stage), upsampled 32x to the image; two linear heads on
# the pooled last stage; the shared AutoMix settings in ./_base_/automix_openmixup.py.
# Source: Westlake-AI/openmixup configs/classification/imagenet/automix/swin/
# swin_t_l2_a2_near_lam_cat_switch0_8_8x128_ep300.py (its automix README's Swin-T row:
# 81.80): out_indices (2, 3) "stage-2 of 7x7x768", Mix Block in_channels 768, drop
# path 0.2, AdamW 1e-3 (Mix Block 1e-3, cosine to 1e-4), 8 x 128 = 1024 a step (here
# 4 x 256), 20 warm-up epochs from 1e-5 x lr, cosine to 1e-5, clipping at 5, fp32.
# Its mask_layer=2 would upsample that 7 x 7 map 16x to 112 px, which its pixel_mixup
# rejects (mask and image sizes must agree); its CIFAR-100 Swin-T AutoMix config reads
# the same map with mask_layer=3 (32x): the map is the one both files name, and our
# Mix Block upsamples to the image size. The one setting beyond the mix that the
# other arms of the recipe do not share: the warm-up starts from 1e-5 x lr
# (OpenMixup's swin_tiny mix file: 1e-6). The online backbone's stage-3 norm feeds
# nothing (only the momentum copy's is read), so DDP is told of unused parameters, as
# OpenMixup's find_unused_parameters=True.
# AutoMix T4 "AutoMix" Swin-T: 81.8; SMMix T2: 81.8 (the same run).
_base_ = ['../smmix-t2/_base_/swin-tiny_openmixup_in1k.py',
          './_base_/automix_openmixup.py']

model = dict(
    _base_.automix_model,
    backbone=dict(out_indices=(2, 3), out_after_downsample=True),
    mix_head=_base_.model.head,
    mix_block=dict(_base_.automix_model.mix_block, in_channels=768),
    mix_stage=2,
    mix_feature='stage')
model_wrapper_cfg = dict(find_unused_parameters=True)

optim_wrapper = _base_.automix_optim_wrapper
custom_hooks = [_base_.automix_momentum_hook]
# The recipe's encoder schedule (warm-up from 1e-5 x lr as the AutoMix file, cosine)
# without the Mix Block, whose cosine runs by iteration to 1e-4 over all 300 epochs.
param_scheduler = [
    dict(type='mmrecmix.GroupLinearLR', exclude_groups=['mix_block'],
         start_factor=1e-5, by_epoch=True, begin=0, end=20, convert_to_iter_based=True),
    dict(type='mmrecmix.GroupCosineAnnealingLR', exclude_groups=['mix_block'],
         T_max=280, eta_min=1e-5, by_epoch=True, begin=20, end=300,
         convert_to_iter_based=True),
    _base_.mix_block_cosine,
]

paper_rows = [
    dict(paper='AutoMix', table='T4', method='AutoMix', column='Swin-T'),
    dict(paper='SMMix', table='T2', method='AutoMix', column='Swin-T'),
]

# The recipe's records, less the other arms' and the fp16 one (OpenMixup's AutoMix file
# trains in fp32).
recipe_differences = [
    line for line in _base_.recipe_differences
    if ' arm: ' not in line and not line.startswith('fp32')
] + _base_.automix_differences + [
    "Mix Block on stage 3's output after its patch merging, 1/32 of the image (OpenMixup's "
    "out_indices (2, 3), in_channels 768); the paper's feature layer l = 3 at 1/16",
]
