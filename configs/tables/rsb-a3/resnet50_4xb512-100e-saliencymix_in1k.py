# ResNet-50 (SyncBN), RSB A3 recipe (_base_/rsb-a3_openmixup_in1k.py) with
# SaliencyMix: AutoMix Table 3 "SaliencyMix" R-50 A3, 77.93. Source:
# Westlake-AI/openmixup configs/classification/imagenet/mixups/rsb_a3/
# r50_rsb_a3_CE_sigm_4xb512_fp16.py (its base r50_rsb_a3_CE_none_4xb512_fp16.py:
# ResNet_Mix, mix_args)
# with mix_mode "saliencymix", alpha 0.2 (its mixups README, RSB table: 77.93).
# The mix's other arguments are its mix_args (../rsb-a2/_base_/openmixup_rsb.py).
# SaliencyMix: alpha 0.2, one box for the whole batch at the saliency peak
# of one partner (rsb_saliencymix).
_base_ = ['./_base_/rsb-a3_openmixup_in1k.py']

model = dict(
    train_cfg=dict(_delete_=True, augments=_base_.rsb_saliencymix),
)

paper_rows = [dict(paper='AutoMix', table='T3', method='SaliencyMix',
                   column='R-50 A3')]

recipe_differences = _base_.recipe_differences + _base_.saliencymix_differences
