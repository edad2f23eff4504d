# DeiT-S in SMMix Table 2's recipe (OpenMixup's DeiT setting, _base_/deit-small_
# openmixup_in1k.py) with FMix: alpha 0.2, decay power 3, a hard mask (max_soft 0).
# Source: Westlake-AI/openmixup configs/classification/imagenet/mixups/deit/deit_small/
# deit_small_smooth_fmix_a0_2_4xb256_ep300.py and its base's mix_args fmix
# (decay_power 3, max_soft 0, reformulate False). OpenMixup: 77.37, SMMix T2: 77.4.
_base_ = ['./_base_/deit-small_openmixup_in1k.py']

# OpenMixup's DeiT / Swin heads weight every sample's labels by the batch's mean
# lambda (GuidedMixClassifier's label_weighting='batch_mean'); this mix draws one
# lambda per batch, so that is each sample's own and no option is needed.
model = dict(train_cfg=dict(
    _delete_=True,
    augments=dict(type='mmrecmix.FMix', alpha=0.2, decay_power=3.0, max_soft=0.0,
                  spectrum='reference')))

paper_rows = [
    dict(paper='SMMix', table='T2', method='FMix', column='DeiT-S'),
    dict(paper='AutoMix', table='T4', method='FMix', column='DeiT-S'),
]
