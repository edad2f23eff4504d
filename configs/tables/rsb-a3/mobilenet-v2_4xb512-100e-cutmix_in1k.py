# MobileNetV2 1.0x, RSB A3 recipe (_base_/rsb-a3_openmixup_in1k.py) with
# CutMix: AutoMix Table 3 "CutMix" MobileNetV2 A3, 69.62. Source:
# Westlake-AI/openmixup configs/classification/imagenet/mixups/rsb_a3/
# mobilenet_v2_1x_rsb_a3_CE_sigm_mix0_1_cut1_0_4xb512_fp16.py
# with mix_mode "cutmix", alpha 0.2 (its mixups README, RSB table: 69.62).
# CutMix: lambda ~ Beta(0.2, 0.2), one box per batch at a uniform centre,
# clipped, lambda from the clipped box.
_base_ = ['./_base_/rsb-a3_openmixup_in1k.py']

model = dict(
    train_cfg=dict(_delete_=True, augments=dict(type='CutMix', alpha=0.2)),
    backbone=dict(_delete_=True, type='MobileNetV2', widen_factor=1.0),
    head=dict(in_channels=1280),
)

paper_rows = [dict(paper='AutoMix', table='T3', method='CutMix',
                   column='MobileNetV2 A3')]
