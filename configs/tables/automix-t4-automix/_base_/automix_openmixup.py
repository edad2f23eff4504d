# AutoMix in OpenMixup's DeiT-setting runs (AutoMix Table 4, SMMix Table 2): what
# its three ImageNet configs share, as names the arms pick up on top of their
# backbone's recipe base (../../smmix-t2/_base_/, ../../automix-t4-convnext/_base_/).
# Source: Westlake-AI/openmixup configs/classification/imagenet/automix/
# {deit/deit_s_l6,swin/swin_t_l2}_a2_near_lam_cat_switch0_8_8x128_ep300.py and
# convnext/convnext_t_l2_a2_near_lam_cat_switch0_8_8x128_accu4_ep300.py:
# - AutoMixup: alpha 2 (both ratios), Mixup for the backbone branch within 0.08 of 0 or
#   1 (lam_margin), mask loss 0.1 with margin 0.1 ("L1"), annealed by
#   CustomCosineAnnealingHook by iteration (compounding: see the AutoMix page),
#   switch_off 0.8 (the Mix Block branch scored on a step when rand() <= 0.8);
# - PixelMixBlock: reduction 2, scaled attention, lambda channel (lam_concat), nearest
#   upsampling, no attention norm (fp32), init normal(0, 0.01); its parameters in
#   their own group at the encoder's lr with a cosine by iteration to 1e-4 and no
#   warm-up (addtional_scheduler: its warmup_* keys without warmup= do nothing);
# - momentum encoder 0.999, held for the first 25% of the iterations
#   (CosineScheduleHook adjust_scope [0.25, 1], warming_up 'constant'), then the cosine
#   on t / T to 0.99999 (ConvNeXt: 0.99996); evaluated with the momentum encoder;
# - two heads of the recipe's type (clean and mixed images), label smoothing 0.1 on
#   the mixed target; each mix's labels weighted by its one drawn lambda (AutoMix has
#   one ratio per batch, so OpenMixup's batch-mean weighting of the ViT heads is the
#   same thing); fp32 (use_fp16 False).
automix_model = dict(
    type='mmrecmix.AutoMixClassifier',
    train_cfg=None,
    alpha=2.0,
    mixup_margin=0.08,
    mask_loss=dict(weight=0.1, margin=0.1, anneal='compounding_cosine'),
    mix_block_prob=0.8,
    mix_block=dict(type='mmrecmix.AutoMixBlock', reduction=2, lam_concat=True,
                   upsample='nearest'))

automix_optim_wrapper = dict(
    constructor='mmrecmix.GroupOptionsConstructor',
    paramwise_cfg=dict(group_options=dict(mix_block=dict())))

# The momentum encoder's schedule (ConvNeXt's arm ends at 0.99996) and the Mix Block's
# own cosine by iteration from its lr to 1e-4 over all 300 epochs, beside each arm's
# encoder schedule.
automix_momentum_hook = dict(type='mmrecmix.AutoMixMomentumHook', momentum=0.999,
                             end_momentum=0.99999, constant_ratio=0.25)
mix_block_cosine = dict(type='mmrecmix.GroupCosineAnnealingLR', groups=['mix_block'],
                        T_max=300, eta_min=1e-4, by_epoch=True, begin=0, end=300,
                        convert_to_iter_based=True)

automix_differences = [
    "mask-loss weight annealed as OpenMixup's CustomCosineAnnealingHook runs it: each "
    'iteration multiplies the current weight by (1 + cos(pi t / T)) / 2, so the factors '
    'compound (AutoMix Sec. 3.3: gamma decreased linearly to 0)',
    "Mix Block branch scored on 80% of the steps (mix_block_prob=0.8, OpenMixup's "
    'switch_off 0.8; the paper trains the Mix Block every step)',
    'momentum 0.999 held for the first 25% of the iterations, then the cosine on t / T '
    "to the end momentum, as OpenMixup's CosineScheduleHook (AutoMix Sec. 4: from 0.999 "
    'increased to 1 in a cosine curve)',
]
