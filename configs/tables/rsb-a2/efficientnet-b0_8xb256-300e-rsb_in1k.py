# EfficientNet-B0, RSB A2 recipe (_base_/rsb-a2_openmixup_in1k.py), the RSB
# mix: AutoMix Table 3 "RSB" EfficientNet-B0 A2. Source: Westlake-AI/openmixup
# configs/classification/imagenet/mixups/rsb_a2/efficientnet_b0_rsb_a2_CE_sigm_
# mix0_1_cut1_0_4xb256_accu2_fp16.py: EfficientNet arch b0, batch norm eps 1e-3
# (plain BN per GPU), no stochastic depth, global average pooling and a linear head
# on 1280.
# The RSB batch mix on mmpretrain's RandomBatchAugment: per batch Mixup (alpha 0.1) or
# CutMix (alpha 1.0), probability 0.5 each, one lambda per batch, CutMix's lambda
# recomputed from the clipped box; the targets stay soft (lam y_a + (1 - lam) y_b)
# under the BCE loss. Source of the mix: OpenMixup alpha [0.1, 1.0], mix_mode
# ["mixup", "cutmix"], mix_prob None (one drawn uniformly per batch), as the RSB
# paper's A2 / A3 (Mixup alpha 0.1, CutMix alpha 1.0, timm's switch_prob 0.5).
_base_ = ['./_base_/rsb-a2_rsb-mix_in1k.py']

model = dict(
    backbone=dict(_delete_=True, type='EfficientNet', arch='b0',
                  norm_cfg=dict(type='BN', eps=1e-3)),
    head=dict(in_channels=1280))

paper_rows = [dict(paper='AutoMix', table='T3', method='Mixup + CutMix (RSB recipe)',
                   column='EffNet-B0 A2')]

recipe_differences = _base_.recipe_differences + [
    "stochastic depth 0 (AutoMix Table 12, RSB A2: 0.05), as OpenMixup's "
    'efficientnet_b0 rsb_a2 file',
]
