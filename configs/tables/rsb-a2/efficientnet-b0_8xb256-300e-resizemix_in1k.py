# EfficientNet-B0, RSB A2 recipe (_base_/rsb-a2_openmixup_in1k.py) with
# ResizeMix: AutoMix Table 3 "ResizeMix" EffNet-B0 A2, 77.27. Source:
# Westlake-AI/openmixup configs/classification/imagenet/mixups/rsb_a2/
# efficientnet_b0_rsb_a2_CE_sigm_mix0_1_cut1_0_4xb256_accu2_fp16.py
# with mix_mode "resizemix", alpha 1 (its mixups README, RSB table: 77.27).
# The mix's other arguments are its mix_args (./_base_/openmixup_rsb.py).
# ResizeMix: the partner resized by tau ~ U(0.1, 0.8), nearest, pasted, labels
# by area (rsb_resizemix).
_base_ = ['./_base_/rsb-a2_openmixup_in1k.py']

model = dict(
    train_cfg=dict(_delete_=True, augments=_base_.rsb_resizemix),
    backbone=dict(_delete_=True, type='EfficientNet', arch='b0',
                  norm_cfg=dict(type='BN', eps=1e-3)),
    head=dict(in_channels=1280),
)

paper_rows = [dict(paper='AutoMix', table='T3', method='ResizeMix',
                   column='EffNet-B0 A2')]

recipe_differences = _base_.recipe_differences + _base_.resizemix_differences + [
    "stochastic depth 0 (AutoMix Table 12, RSB A2: 0.05), as OpenMixup's "
    'efficientnet_b0 rsb_a2 file',
]
