# Swin-T in SMMix Table 2's recipe (OpenMixup's DeiT setting, _base_/swin-tiny_
# openmixup_in1k.py) with CutMix alone: lambda ~ Beta(0.2, 0.2), one box per batch at a
# uniform centre, clipped, lambda from the clipped box. Source: Westlake-AI/openmixup
# configs/classification/imagenet/mixups/swin/swin_tiny_smooth_mix_4xb256_fp16.py (its
# default mix_mode "cutmix", alpha 0.2; the mixups README, DeiT-setting table, lists
# 81.23, AutoMix T4 81.20).
_base_ = ['./_base_/swin-tiny_openmixup_in1k.py']

model = dict(train_cfg=dict(_delete_=True, augments=dict(type='CutMix', alpha=0.2)))

paper_rows = [dict(paper='AutoMix', table='T4', method='CutMix', column='Swin-T')]
