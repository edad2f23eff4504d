# Swin-T in SMMix Table 2's recipe (OpenMixup's DeiT setting, _base_/swin-tiny_
# openmixup_in1k.py) with ResizeMix: the partner resized by tau ~ U(0.1, 0.8), nearest
# interpolation, labels by area. Source: Westlake-AI/openmixup configs/classification/
# imagenet/mixups/swin/swin_tiny_smooth_mix_4xb256_fp16.py with mix_mode "resizemix",
# alpha 1 (mixups README), mix_args resizemix: scope (0.1, 0.8), use_alpha True; the
# function's interpolate_mode 'nearest'. OpenMixup: 81.36, SMMix T2: 81.4.
# With use_alpha, OpenMixup draws tau ~ Beta(1, 1) and redraws it from U(0.1, 0.8)
# when it falls outside that range: with alpha 1 that is exactly tau ~ U(0.1, 0.8).
_base_ = ['./_base_/swin-tiny_openmixup_in1k.py']

# OpenMixup's DeiT / Swin heads weight every sample's labels by the batch's mean
# lambda (GuidedMixClassifier's label_weighting='batch_mean'); this mix draws one
# lambda per batch, so that is each sample's own and no option is needed.
model = dict(train_cfg=dict(
    _delete_=True,
    augments=dict(type='mmrecmix.ResizeMix', scale=(0.1, 0.8),
                  interpolation='nearest')))

paper_rows = [
    dict(paper='SMMix', table='T2', method='ResizeMix', column='Swin-T'),
    dict(paper='AutoMix', table='T4', method='ResizeMix', column='Swin-T'),
]
