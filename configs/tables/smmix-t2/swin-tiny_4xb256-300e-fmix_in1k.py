# Swin-T in SMMix Table 2's recipe (OpenMixup's DeiT setting, _base_/swin-tiny_
# openmixup_in1k.py) with FMix: alpha 0.2 (OpenMixup's mixups README, DeiT-setting
# table), decay power 3, a hard mask (max_soft 0). Source: Westlake-AI/openmixup
# configs/classification/imagenet/mixups/swin/swin_tiny_smooth_mix_4xb256_fp16.py with
# mix_mode "fmix" (mix_args fmix: decay_power 3, max_soft 0, reformulate False).
# OpenMixup: 79.60, SMMix T2: 79.6.
_base_ = ['./_base_/swin-tiny_openmixup_in1k.py']

# OpenMixup's DeiT / Swin heads weight every sample's labels by the batch's mean
# lambda (GuidedMixClassifier's label_weighting='batch_mean'); this mix draws one
# lambda per batch, so that is each sample's own and no option is needed.
model = dict(train_cfg=dict(
    _delete_=True,
    augments=dict(type='mmrecmix.FMix', alpha=0.2, decay_power=3.0, max_soft=0.0,
                  spectrum='reference')))

paper_rows = [
    dict(paper='SMMix', table='T2', method='FMix', column='Swin-T'),
    dict(paper='AutoMix', table='T4', method='FMix', column='Swin-T'),
]
