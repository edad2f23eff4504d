# DeiT-S in SMMix Table 2's recipe (OpenMixup's DeiT setting, _base_/deit-small_
# openmixup_in1k.py) with Mixup alone: one lambda ~ Beta(0.2, 0.2) per batch.
# Source: Westlake-AI/openmixup configs/classification/imagenet/mixups/deit/deit_small/
# deit_small_smooth_mixup_a0_2_4xb256_ep300.py (alpha 0.2, mix_mode "mixup").
# AutoMix T4 "MixUp" DeiT-S: 79.65; OpenMixup's docs list 77.72 for this file (since
# v0.2.0, 2022-04), so the run behind the paper's number is not the one recorded there.
_base_ = ['./_base_/deit-small_openmixup_in1k.py']

model = dict(train_cfg=dict(_delete_=True, augments=dict(type='Mixup', alpha=0.2)))

paper_rows = [dict(paper='AutoMix', table='T4', method='Mixup', column='DeiT-S')]
