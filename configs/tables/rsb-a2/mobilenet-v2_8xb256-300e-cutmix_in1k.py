# MobileNetV2 1.0x, RSB A2 recipe (_base_/rsb-a2_openmixup_in1k.py) with
# CutMix: AutoMix Table 3 "CutMix" MobileNetV2 A2, 72.23. Source:
# Westlake-AI/openmixup configs/classification/imagenet/mixups/rsb_a2/
# mobilenet_v2_1x_rsb_a2_CE_sigm_mix0_1_cut1_0_4xb256_accu2_fp16.py
# with mix_mode "cutmix", alpha 0.2 (its mixups README, RSB table: 72.23).
# CutMix: lambda ~ Beta(0.2, 0.2), one box per batch at a uniform centre,
# clipped, lambda from the clipped box.
_base_ = ['./_base_/rsb-a2_openmixup_in1k.py']

model = dict(
    train_cfg=dict(_delete_=True, augments=dict(type='CutMix', alpha=0.2)),
    backbone=dict(_delete_=True, type='MobileNetV2', widen_factor=1.0),
    head=dict(in_channels=1280),
)

paper_rows = [dict(paper='AutoMix', table='T3', method='CutMix',
                   column='MobileNetV2 A2')]

recipe_differences = _base_.recipe_differences + [
    "stochastic depth 0 (AutoMix Table 12, RSB A2: 0.05), as OpenMixup's "
    'mobilenet_v2 rsb_a2 file',
]
