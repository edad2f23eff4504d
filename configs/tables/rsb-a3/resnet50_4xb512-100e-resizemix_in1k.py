# ResNet-50 (SyncBN), RSB A3 recipe (_base_/rsb-a3_openmixup_in1k.py) with
# ResizeMix: AutoMix Table 3 "ResizeMix" R-50 A3, 77.85. Source:
# Westlake-AI/openmixup configs/classification/imagenet/mixups/rsb_a3/
# r50_rsb_a3_CE_sigm_4xb512_fp16.py (its base r50_rsb_a3_CE_none_4xb512_fp16.py:
# ResNet_Mix, mix_args)
# with mix_mode "resizemix", alpha 1 (its mixups README, RSB table: 77.85).
# The mix's other arguments are its mix_args (../rsb-a2/_base_/openmixup_rsb.py).
# ResizeMix: the partner resized by tau ~ U(0.1, 0.8), nearest, pasted, labels
# by area (rsb_resizemix).
_base_ = ['./_base_/rsb-a3_openmixup_in1k.py']

model = dict(
    train_cfg=dict(_delete_=True, augments=_base_.rsb_resizemix),
)

paper_rows = [dict(paper='AutoMix', table='T3', method='ResizeMix',
                   column='R-50 A3')]

recipe_differences = _base_.recipe_differences + _base_.resizemix_differences
