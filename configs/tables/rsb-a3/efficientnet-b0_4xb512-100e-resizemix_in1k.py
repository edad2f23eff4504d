# EfficientNet-B0, RSB A3 recipe (_base_/rsb-a3_openmixup_in1k.py) with
# ResizeMix: AutoMix Table 3 "ResizeMix" EffNet-B0 A3, 73.67. Source:
# Westlake-AI/openmixup configs/classification/imagenet/mixups/rsb_a3/
# efficientnet_b0_rsb_a3_CE_sigm_mix0_1_cut1_0_4xb512_fp16.py
# with mix_mode "resizemix", alpha 1 (its mixups README, RSB table: 73.67).
# The mix's other arguments are its mix_args (../rsb-a2/_base_/openmixup_rsb.py).
# ResizeMix: the partner resized by tau ~ U(0.1, 0.8), nearest, pasted, labels
# by area (rsb_resizemix).
_base_ = ['./_base_/rsb-a3_openmixup_in1k.py']

model = dict(
    train_cfg=dict(_delete_=True, augments=_base_.rsb_resizemix),
    backbone=dict(_delete_=True, type='EfficientNet', arch='b0',
                  norm_cfg=dict(type='BN', eps=1e-3)),
    head=dict(in_channels=1280),
)

paper_rows = [dict(paper='AutoMix', table='T3', method='ResizeMix',
                   column='EffNet-B0 A3')]

recipe_differences = _base_.recipe_differences + _base_.resizemix_differences
