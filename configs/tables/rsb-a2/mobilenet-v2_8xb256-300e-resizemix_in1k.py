# MobileNetV2 1.0x, RSB A2 recipe (_base_/rsb-a2_openmixup_in1k.py) with
# ResizeMix: AutoMix Table 3 "ResizeMix" MobileNetV2 A2, 72.50. Source:
# Westlake-AI/openmixup configs/classification/imagenet/mixups/rsb_a2/
# mobilenet_v2_1x_rsb_a2_CE_sigm_mix0_1_cut1_0_4xb256_accu2_fp16.py
# with mix_mode "resizemix", alpha 1 (its mixups README, RSB table: 72.50).
# The mix's other arguments are its mix_args (./_base_/openmixup_rsb.py).
# ResizeMix: the partner resized by tau ~ U(0.1, 0.8), nearest, pasted, labels
# by area (rsb_resizemix).
_base_ = ['./_base_/rsb-a2_openmixup_in1k.py']

model = dict(
    train_cfg=dict(_delete_=True, augments=_base_.rsb_resizemix),
    backbone=dict(_delete_=True, type='MobileNetV2', widen_factor=1.0),
    head=dict(in_channels=1280),
)

paper_rows = [dict(paper='AutoMix', table='T3', method='ResizeMix',
                   column='MobileNetV2 A2')]

recipe_differences = _base_.recipe_differences + _base_.resizemix_differences + [
    "stochastic depth 0 (AutoMix Table 12, RSB A2: 0.05), as OpenMixup's "
    'mobilenet_v2 rsb_a2 file',
]
