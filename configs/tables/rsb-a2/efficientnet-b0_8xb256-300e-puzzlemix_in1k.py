# EfficientNet-B0, RSB A2 recipe (_base_/rsb-a2_openmixup_in1k.py) with
# PuzzleMix: AutoMix Table 3 "PuzzleMix" EffNet-B0 A2, 77.35. Source:
# Westlake-AI/openmixup configs/classification/imagenet/mixups/rsb_a2/
# efficientnet_b0_rsb_a2_CE_sigm_mix0_1_cut1_0_4xb256_accu2_fp16.py
# with mix_mode "puzzlemix", alpha 1 (its mixups README, RSB table: 77.35).
# PuzzleMix: guided_mixes.py's puzzlemix_imagenet (lambda ~ Beta(1, 1), 2, 4
# or 8 blocks a side, transport on the blocks; saliency from the input gradient
# of the clean batch's BCE loss), labels mixed per sample by each one's lambda as
# OpenMixup's multi-label ClsMixupHead of these files does.
_base_ = ['./_base_/rsb-a2_openmixup_in1k.py']

model = dict(
    _base_.puzzlemix_imagenet,
    backbone=dict(_delete_=True, type='EfficientNet', arch='b0',
                  norm_cfg=dict(type='BN', eps=1e-3)),
    head=dict(in_channels=1280),
)

paper_rows = [dict(paper='AutoMix', table='T3', method='PuzzleMix',
                   column='EffNet-B0 A2')]

recipe_differences = _base_.recipe_differences + [
    "stochastic depth 0 (AutoMix Table 12, RSB A2: 0.05), as OpenMixup's "
    'efficientnet_b0 rsb_a2 file',
]
