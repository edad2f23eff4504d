# ResNet-50 (SyncBN), RSB A3 recipe (_base_/rsb-a3_openmixup_in1k.py), the RSB mix:
# AutoMix Table 3 "RSB" R-50 A3, 78.08. Source: Westlake-AI/openmixup
# configs/classification/imagenet/mixups/rsb_a3/r50_rsb_a3_CE_sigm_mix0_1_cut1_0_
# 4xb512_fp16.py (ResNet-50 with SyncBN, linear head in 2048).
# The RSB batch mix on mmpretrain's RandomBatchAugment: per batch Mixup (alpha 0.1) or
# CutMix (alpha 1.0), probability 0.5 each, one lambda per batch, CutMix's lambda
# recomputed from the clipped box; the targets stay soft (lam y_a + (1 - lam) y_b)
# under the BCE loss. Source of the mix: OpenMixup alpha [0.1, 1.0], mix_mode
# ["mixup", "cutmix"], mix_prob None (one drawn uniformly per batch), as the RSB
# paper's A2 / A3 (Mixup alpha 0.1, CutMix alpha 1.0, timm's switch_prob 0.5).
_base_ = ['./_base_/rsb-a3_rsb-mix_in1k.py']

paper_rows = [dict(paper='AutoMix', table='T3', method='Mixup + CutMix (RSB recipe)',
                   column='R-50 A3')]
