# MobileNetV2 1.0x, RSB A3 recipe (_base_/rsb-a3_openmixup_in1k.py) with
# PuzzleMix: AutoMix Table 3 "PuzzleMix" MobileNetV2 A3, 70.04. Source:
# Westlake-AI/openmixup configs/classification/imagenet/mixups/rsb_a3/
# mobilenet_v2_1x_rsb_a3_CE_sigm_mix0_1_cut1_0_4xb512_fp16.py
# with mix_mode "puzzlemix", alpha 1 (its mixups README, RSB table: 70.04).
# PuzzleMix: guided_mixes.py's puzzlemix_imagenet (lambda ~ Beta(1, 1), 2, 4
# or 8 blocks a side, transport on the blocks; saliency from the input gradient
# of the clean batch's BCE loss), labels mixed per sample by each one's lambda as
# OpenMixup's multi-label ClsMixupHead of these files does.
_base_ = ['./_base_/rsb-a3_openmixup_in1k.py']

model = dict(
    _base_.puzzlemix_imagenet,
    backbone=dict(_delete_=True, type='MobileNetV2', widen_factor=1.0),
    head=dict(in_channels=1280),
)

paper_rows = [dict(paper='AutoMix', table='T3', method='PuzzleMix',
                   column='MobileNetV2 A3')]
