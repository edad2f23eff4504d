# ResNet-50 (SyncBN), RSB A3 recipe (_base_/rsb-a3_openmixup_in1k.py) with
# PuzzleMix: AutoMix Table 3 "PuzzleMix" R-50 A3, 78.02. Source:
# Westlake-AI/openmixup configs/classification/imagenet/mixups/rsb_a3/
# r50_rsb_a3_CE_sigm_4xb512_fp16.py (its base r50_rsb_a3_CE_none_4xb512_fp16.py:
# ResNet_Mix, mix_args)
# with mix_mode "puzzlemix", alpha 1 (its mixups README, RSB table: 78.02).
# PuzzleMix: guided_mixes.py's puzzlemix_imagenet (lambda ~ Beta(1, 1), 2, 4
# or 8 blocks a side, transport on the blocks; saliency from the input gradient
# of the clean batch's BCE loss), labels mixed per sample by each one's lambda as
# OpenMixup's multi-label ClsMixupHead of these files does.
_base_ = ['./_base_/rsb-a3_openmixup_in1k.py']

model = _base_.puzzlemix_imagenet

paper_rows = [dict(paper='AutoMix', table='T3', method='PuzzleMix',
                   column='R-50 A3')]
