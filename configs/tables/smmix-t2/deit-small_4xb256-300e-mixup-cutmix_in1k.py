# DeiT-S in SMMix Table 2's recipe (OpenMixup's DeiT setting, _base_/deit-small_
# openmixup_in1k.py) with DeiT's batch mix: per batch Mixup (alpha 0.8) or CutMix
# (alpha 1.0), probability 0.5 each. Source: Westlake-AI/openmixup
# configs/classification/imagenet/mixups/deit/deit_small_smooth_deit_8xb128_ep300.py
# (alpha [0.8, 1.0], mix_mode ["mixup", "cutmix"], one mode drawn uniformly per batch;
# 8 x 128 in fp32, the same recipe otherwise). SMMix T2 "CutMix" 79.8, AutoMix T4
# "DeiT" 79.80.
#
# mmpretrain's Mixup and CutMix under RandomBatchAugment do what timm's Mixup does in
# DeiT (mixup 0.8, cutmix 1.0, switch_prob 0.5, mode 'batch', correct_lam): one lambda
# and one of the two mixes per batch, CutMix's lambda recomputed from the clipped box,
# label smoothing 0.1 applied to the mixed target (the head's LabelSmoothLoss smooths
# lam * y_a + (1 - lam) * y_b, the same as mixing smoothed labels). One difference:
# the partners come from torch.randperm (as in OpenMixup), where timm pairs each image
# with the reversed batch (x.flip(0)).
_base_ = ['./_base_/deit-small_openmixup_in1k.py']

model = dict(train_cfg=dict(
    _delete_=True,
    augments=[dict(type='Mixup', alpha=0.8), dict(type='CutMix', alpha=1.0)],
    probs=[0.5, 0.5]))

paper_rows = [
    dict(paper='SMMix', table='T2', method='Mixup + CutMix (DeiT recipe)',
         column='DeiT-S'),
    dict(paper='AutoMix', table='T4', method='Mixup + CutMix (DeiT recipe)',
         column='DeiT-S'),
]
