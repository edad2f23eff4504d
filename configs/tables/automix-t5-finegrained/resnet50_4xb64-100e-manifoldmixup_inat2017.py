# Manifold Mixup on iNaturalist 2017: input, stage 1 or stage 2 (_base_/mixes.py), alpha 0.2
# (appendix A.1, iNat2017/2018 on R-50 and RX-101),
# soft-target cross-entropy as in OpenMixup's runs.
_base_ = ['./_base_/inat2017.py']

model = dict(_base_.resnet50, **_base_.manifold_stages,
             feature_mix=dict(type='Mixup', alpha=0.2))

paper_rows = [dict(paper='AutoMix', table='T5', method='Manifold Mixup', column='iNat17 R-50')]
