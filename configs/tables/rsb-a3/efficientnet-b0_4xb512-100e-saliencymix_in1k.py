# EfficientNet-B0, RSB A3 recipe (_base_/rsb-a3_openmixup_in1k.py) with
# SaliencyMix: AutoMix Table 3 "SaliencyMix" EffNet-B0 A3, 73.42. Source:
# Westlake-AI/openmixup configs/classification/imagenet/mixups/rsb_a3/
# efficientnet_b0_rsb_a3_CE_sigm_mix0_1_cut1_0_4xb512_fp16.py
# with mix_mode "saliencymix", alpha 0.2 (its mixups README, RSB table: 73.42).
# The mix's other arguments are its mix_args (../rsb-a2/_base_/openmixup_rsb.py).
# SaliencyMix: alpha 0.2, one box for the whole batch at the saliency peak
# of one partner (rsb_saliencymix).
_base_ = ['./_base_/rsb-a3_openmixup_in1k.py']

model = dict(
    train_cfg=dict(_delete_=True, augments=_base_.rsb_saliencymix),
    backbone=dict(_delete_=True, type='EfficientNet', arch='b0',
                  norm_cfg=dict(type='BN', eps=1e-3)),
    head=dict(in_channels=1280),
)

paper_rows = [dict(paper='AutoMix', table='T3', method='SaliencyMix',
                   column='EffNet-B0 A3')]

recipe_differences = _base_.recipe_differences + _base_.saliencymix_differences
