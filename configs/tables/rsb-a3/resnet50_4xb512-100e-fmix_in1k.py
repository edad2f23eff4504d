# ResNet-50 (SyncBN), RSB A3 recipe (_base_/rsb-a3_openmixup_in1k.py) with
# FMix: AutoMix Table 3 "FMix" R-50 A3, 77.76. Source:
# Westlake-AI/openmixup configs/classification/imagenet/mixups/rsb_a3/
# r50_rsb_a3_CE_sigm_4xb512_fp16.py (its base r50_rsb_a3_CE_none_4xb512_fp16.py:
# ResNet_Mix, mix_args)
# with mix_mode "fmix", alpha 0.2 (its mixups README, RSB table: 77.76).
# The mix's other arguments are its mix_args (../rsb-a2/_base_/openmixup_rsb.py).
# FMix: alpha 0.2, decay power 3, a hard mask (rsb_fmix).
_base_ = ['./_base_/rsb-a3_openmixup_in1k.py']

model = dict(
    train_cfg=dict(_delete_=True, augments=_base_.rsb_fmix),
)

paper_rows = [dict(paper='AutoMix', table='T3', method='FMix',
                   column='R-50 A3')]

recipe_differences = _base_.recipe_differences + _base_.fmix_differences
