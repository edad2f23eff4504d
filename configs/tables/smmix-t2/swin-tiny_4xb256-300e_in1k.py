# Swin-T in SMMix Table 2's recipe (OpenMixup's DeiT setting, _base_/swin-tiny_
# openmixup_in1k.py) with no batch mix: OpenMixup's mix_mode "vanilla" (label
# smoothing, RandAugment and random erasing stay on). Source: Westlake-AI/openmixup
# configs/classification/imagenet/mixups/swin/swin_tiny_smooth_mix_4xb256_fp16.py with
# mix_mode "vanilla" (its auto_train_mixups.py generates the per-method files).
# OpenMixup: 80.21, SMMix T2: 80.2.
_base_ = ['./_base_/swin-tiny_openmixup_in1k.py']

paper_rows = [dict(paper='SMMix', table='T2', method='Baseline', column='Swin-T')]
