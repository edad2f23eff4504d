# DeiT-S in SMMix Table 2's recipe (OpenMixup's DeiT setting, _base_/deit-small_
# openmixup_in1k.py) with CutMix alone: lambda ~ Beta(0.2, 0.2), one box per batch at a
# uniform centre, clipped, lambda from the clipped box. Source: Westlake-AI/openmixup
# configs/classification/imagenet/mixups/deit/deit_small/
# deit_small_smooth_cutmix_a0_2_4xb256_ep300.py (alpha 0.2, mix_mode "cutmix").
# AutoMix T4 "CutMix" DeiT-S: 79.78; OpenMixup's docs list 79.54 (v0.2.0) and 80.13
# (since 2022-08) for this file.
_base_ = ['./_base_/deit-small_openmixup_in1k.py']

model = dict(train_cfg=dict(_delete_=True, augments=dict(type='CutMix', alpha=0.2)))

paper_rows = [dict(paper='AutoMix', table='T4', method='CutMix', column='DeiT-S')]
