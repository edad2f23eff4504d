# Swin-T in SMMix Table 2's recipe (OpenMixup's DeiT setting, _base_/swin-tiny_
# openmixup_in1k.py) with Mixup alone: one lambda ~ Beta(0.2, 0.2) per batch.
# Source: Westlake-AI/openmixup configs/classification/imagenet/mixups/swin/
# swin_tiny_smooth_mix_4xb256_fp16.py with mix_mode "mixup" and alpha 0.2 (its mixups
# README, DeiT-setting table). OpenMixup / AutoMix T4: 81.01.
_base_ = ['./_base_/swin-tiny_openmixup_in1k.py']

model = dict(train_cfg=dict(_delete_=True, augments=dict(type='Mixup', alpha=0.2)))

paper_rows = [dict(paper='AutoMix', table='T4', method='Mixup', column='Swin-T')]
