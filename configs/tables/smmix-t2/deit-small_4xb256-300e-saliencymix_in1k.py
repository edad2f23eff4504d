# DeiT-S in SMMix Table 2's recipe (OpenMixup's DeiT setting, _base_/deit-small_
# openmixup_in1k.py) with SaliencyMix, alpha 0.2, one saliency box for the whole batch
# as OpenMixup runs it, with the detector it calls (Montabone & Soto's fine-grained
# saliency). Source: Westlake-AI/openmixup configs/classification/imagenet/mixups/deit/
# deit_small/deit_small_smooth_saliencymix_a0_2_4xb256_ep300.py
# (OpenMixup: 79.88, SMMix T2: 79.9).
_base_ = ['./_base_/deit-small_openmixup_in1k.py']

# OpenMixup's DeiT / Swin heads weight every sample's labels by the batch's mean
# lambda (GuidedMixClassifier's label_weighting='batch_mean'); this mix draws one
# lambda per batch, so that is each sample's own and no option is needed.
model = dict(train_cfg=dict(
    _delete_=True,
    augments=dict(type='mmrecmix.SaliencyMix', alpha=0.2, per_image=False,
                  saliency='fine_grained')))

paper_rows = [
    dict(paper='SMMix', table='T2', method='SaliencyMix', column='DeiT-S'),
    dict(paper='AutoMix', table='T4', method='SaliencyMix', column='DeiT-S'),
]
