# EfficientNet-B0, RSB A3 recipe (_base_/rsb-a3_openmixup_in1k.py) with
# Mixup: AutoMix Table 3 "Mixup" EffNet-B0 A3, 73.87. Source:
# Westlake-AI/openmixup configs/classification/imagenet/mixups/rsb_a3/
# efficientnet_b0_rsb_a3_CE_sigm_mix0_1_cut1_0_4xb512_fp16.py
# with mix_mode "mixup", alpha 0.2 (its mixups README, RSB table: 73.87).
# Mixup: one lambda ~ Beta(0.2, 0.2) per batch.
_base_ = ['./_base_/rsb-a3_openmixup_in1k.py']

model = dict(
    train_cfg=dict(_delete_=True, augments=dict(type='Mixup', alpha=0.2)),
    backbone=dict(_delete_=True, type='EfficientNet', arch='b0',
                  norm_cfg=dict(type='BN', eps=1e-3)),
    head=dict(in_channels=1280),
)

paper_rows = [dict(paper='AutoMix', table='T3', method='Mixup',
                   column='EffNet-B0 A3')]
