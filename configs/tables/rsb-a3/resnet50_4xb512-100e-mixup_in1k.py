# ResNet-50 (SyncBN), RSB A3 recipe (_base_/rsb-a3_openmixup_in1k.py) with
# Mixup: AutoMix Table 3 "Mixup" R-50 A3, 77.66. Source:
# Westlake-AI/openmixup configs/classification/imagenet/mixups/rsb_a3/
# r50_rsb_a3_CE_sigm_4xb512_fp16.py (its base r50_rsb_a3_CE_none_4xb512_fp16.py:
# ResNet_Mix, mix_args)
# with mix_mode "mixup", alpha 0.2 (its mixups README, RSB table: 77.66).
# Mixup: one lambda ~ Beta(0.2, 0.2) per batch.
_base_ = ['./_base_/rsb-a3_openmixup_in1k.py']

model = dict(
    train_cfg=dict(_delete_=True, augments=dict(type='Mixup', alpha=0.2)),
)

paper_rows = [dict(paper='AutoMix', table='T3', method='Mixup',
                   column='R-50 A3')]
