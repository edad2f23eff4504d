# ResNet-50 (SyncBN), RSB A3 recipe (_base_/rsb-a3_openmixup_in1k.py) with
# CutMix: AutoMix Table 3 "CutMix" R-50 A3, 77.62. Source:
# Westlake-AI/openmixup configs/classification/imagenet/mixups/rsb_a3/
# r50_rsb_a3_CE_sigm_4xb512_fp16.py (its base r50_rsb_a3_CE_none_4xb512_fp16.py:
# ResNet_Mix, mix_args)
# with mix_mode "cutmix", alpha 0.2 (its mixups README, RSB table: 77.62).
# CutMix: lambda ~ Beta(0.2, 0.2), one box per batch at a uniform centre,
# clipped, lambda from the clipped box.
_base_ = ['./_base_/rsb-a3_openmixup_in1k.py']

model = dict(
    train_cfg=dict(_delete_=True, augments=dict(type='CutMix', alpha=0.2)),
)

paper_rows = [dict(paper='AutoMix', table='T3', method='CutMix',
                   column='R-50 A3')]
