# MobileNetV2 1.0x, RSB A2 recipe (_base_/rsb-a2_openmixup_in1k.py) with
# SaliencyMix: AutoMix Table 3 "SaliencyMix" MobileNetV2 A2, 72.07. Source:
# Westlake-AI/openmixup configs/classification/imagenet/mixups/rsb_a2/
# mobilenet_v2_1x_rsb_a2_CE_sigm_mix0_1_cut1_0_4xb256_accu2_fp16.py
# with mix_mode "saliencymix", alpha 0.2 (its mixups README, RSB table: 72.07).
# The mix's other arguments are its mix_args (./_base_/openmixup_rsb.py).
# SaliencyMix: alpha 0.2, one box for the whole batch at the saliency peak
# of one partner (rsb_saliencymix).
_base_ = ['./_base_/rsb-a2_openmixup_in1k.py']

model = dict(
    train_cfg=dict(_delete_=True, augments=_base_.rsb_saliencymix),
    backbone=dict(_delete_=True, type='MobileNetV2', widen_factor=1.0),
    head=dict(in_channels=1280),
)

paper_rows = [dict(paper='AutoMix', table='T3', method='SaliencyMix',
                   column='MobileNetV2 A2')]

recipe_differences = _base_.recipe_differences + _base_.saliencymix_differences + [
    "stochastic depth 0 (AutoMix Table 12, RSB A2: 0.05), as OpenMixup's "
    'mobilenet_v2 rsb_a2 file',
]
