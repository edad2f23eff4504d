# DeiT-S in SMMix Table 2's recipe (OpenMixup's DeiT setting, _base_/deit-small_
# openmixup_in1k.py) with no batch mix: OpenMixup's mix_mode "vanilla" (label
# smoothing, RandAugment and random erasing stay on). Source: Westlake-AI/openmixup
# configs/classification/imagenet/mixups/deit/deit_small/
# deit_small_smooth_vanilla_4xb256_ep300.py (OpenMixup: 75.66, SMMix T2: 75.7).
_base_ = ['./_base_/deit-small_openmixup_in1k.py']

paper_rows = [dict(paper='SMMix', table='T2', method='Baseline', column='DeiT-S')]
