# ConvNeXt-T in AutoMix Table 4's recipe (OpenMixup's ConvNeXt runs,
# _base_/convnext-tiny_openmixup_in1k.py) with ResizeMix: the partner resized by tau ~
# U(0.1, 0.8), nearest, pasted, labels by area.
# Source: Westlake-AI/openmixup v0.2.0 (7d288a2) configs/classification/imagenet/
# mixups/convnext/convnext_tiny_smooth_mix_8xb256_accu2_ema_fp16.py with mix_mode
# "resizemix" and alpha 1 (mix_args resizemix: scope (0.1, 0.8), use_alpha True: tau ~
# Beta(1, 1), redrawn from U(0.1, 0.8) outside the scope, i.e. tau ~ U(0.1, 0.8)).
# OpenMixup / AutoMix T4 "ResizeMix" ConvNeXt-T: 81.64.
_base_ = ['./_base_/convnext-tiny_openmixup_in1k.py']

model = dict(train_cfg=dict(
    _delete_=True,
    augments=dict(type='mmrecmix.ResizeMix', scale=(0.1, 0.8),
                  interpolation='nearest')))

paper_rows = [
    dict(paper='AutoMix', table='T4', method='ResizeMix', column='ConvNeXt-T'),
]
