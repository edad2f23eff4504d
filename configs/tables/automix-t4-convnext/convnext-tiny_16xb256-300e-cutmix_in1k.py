# ConvNeXt-T in AutoMix Table 4's recipe (OpenMixup's ConvNeXt runs,
# _base_/convnext-tiny_openmixup_in1k.py) with CutMix: lambda ~ Beta(0.2, 0.2), one box
# per batch at a uniform centre, clipped, lambda from the clipped box.
# Source: Westlake-AI/openmixup v0.2.0 (7d288a2) configs/classification/imagenet/
# mixups/convnext/convnext_tiny_smooth_mix_8xb256_accu2_ema_fp16.py (its mix_mode
# "cutmix", alpha 0.2). OpenMixup / AutoMix T4 "CutMix" ConvNeXt-T: 81.57.
_base_ = ['./_base_/convnext-tiny_openmixup_in1k.py']

model = dict(train_cfg=dict(_delete_=True, augments=dict(type='CutMix', alpha=0.2)))

paper_rows = [
    dict(paper='AutoMix', table='T4', method='CutMix', column='ConvNeXt-T'),
]
