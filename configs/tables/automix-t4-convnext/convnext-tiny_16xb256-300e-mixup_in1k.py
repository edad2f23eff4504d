# ConvNeXt-T in AutoMix Table 4's recipe (OpenMixup's ConvNeXt runs,
# _base_/convnext-tiny_openmixup_in1k.py) with Mixup: one lambda ~ Beta(0.2, 0.2) per
# batch.
# Source: Westlake-AI/openmixup v0.2.0 (7d288a2) configs/classification/imagenet/
# mixups/convnext/convnext_tiny_smooth_mix_8xb256_accu2_ema_fp16.py with mix_mode
# "mixup" and alpha 0.2 (its mixups README, DeiT-setting table). OpenMixup / AutoMix T4
# "Mixup" ConvNeXt-T: 80.88.
_base_ = ['./_base_/convnext-tiny_openmixup_in1k.py']

model = dict(train_cfg=dict(_delete_=True, augments=dict(type='Mixup', alpha=0.2)))

paper_rows = [
    dict(paper='AutoMix', table='T4', method='Mixup', column='ConvNeXt-T'),
]
