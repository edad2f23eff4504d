# ConvNeXt-T in AutoMix Table 4's recipe (OpenMixup's ConvNeXt runs,
# _base_/convnext-tiny_openmixup_in1k.py) with DeiT's batch mix: per batch Mixup (alpha
# 0.8) or CutMix (alpha 1.0), probability 0.5 each, one lambda per batch.
# Source: Westlake-AI/openmixup v0.2.0 (7d288a2) configs/classification/imagenet/
# mixups/convnext/convnext_tiny_smooth_mix0_8_cut1_0_8xb256_accu2_ema_fp16.py (alpha
# [0.8, 1.0], mix_mode ["mixup", "cutmix"], one mode drawn uniformly per batch).
# OpenMixup / AutoMix T4 "Mixup + CutMix (DeiT recipe)" ConvNeXt-T: 82.10.
_base_ = ['./_base_/convnext-tiny_openmixup_in1k.py']

model = dict(train_cfg=dict(
    _delete_=True,
    augments=[dict(type='Mixup', alpha=0.8), dict(type='CutMix', alpha=1.0)],
    probs=[0.5, 0.5]))

paper_rows = [
    dict(paper='AutoMix', table='T4', method='Mixup + CutMix (DeiT recipe)', column='ConvNeXt-T'),
]
