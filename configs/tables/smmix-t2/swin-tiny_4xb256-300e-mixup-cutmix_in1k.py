# Swin-T in SMMix Table 2's recipe (OpenMixup's DeiT setting, _base_/swin-tiny_
# openmixup_in1k.py) with DeiT's batch mix, Swin's own: per batch Mixup (alpha 0.8) or
# CutMix (alpha 1.0), probability 0.5 each. Source: Westlake-AI/openmixup
# configs/classification/imagenet/mixups/swin/
# swin_tiny_smooth_mix0_8_cut1_0_4xb256_fp16.py
# (alpha [0.8, 1.0], mix_mode ["mixup", "cutmix"], one mode drawn uniformly per batch).
# OpenMixup: 81.20 (SMMix T1 / T2: 81.2; AutoMix T4 prints 81.28).
#
# mmpretrain's Mixup and CutMix under RandomBatchAugment do what timm's Mixup does in
# Swin's and DeiT's code (mixup 0.8, cutmix 1.0, switch_prob 0.5, mode 'batch',
# correct_lam): one lambda and one of the two mixes per batch, CutMix's lambda
# recomputed from the clipped box, label smoothing 0.1 applied to the mixed target.
# One difference: the partners come from torch.randperm (as in OpenMixup), where timm
# pairs each image with the reversed batch (x.flip(0)).
_base_ = ['./_base_/swin-tiny_openmixup_in1k.py']

model = dict(train_cfg=dict(
    _delete_=True,
    augments=[dict(type='Mixup', alpha=0.8), dict(type='CutMix', alpha=1.0)],
    probs=[0.5, 0.5]))

paper_rows = [
    dict(paper='SMMix', table='T2', method='Mixup + CutMix (DeiT recipe)',
         column='Swin-T'),
    dict(paper='SMMix', table='T1', group='Swin-T',
         method='Mixup + CutMix (DeiT recipe)'),
    dict(paper='AutoMix', table='T4', method='Mixup + CutMix (DeiT recipe)',
         column='Swin-T'),
]
