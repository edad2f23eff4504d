# Manifold Mixup on FGVC-Aircraft: input, stage 1 or stage 2 (_base_/mixes.py), alpha 0.5
# (appendix A.1, CUB-200 and Aircraft), soft-target cross-entropy as in OpenMixup's runs.
_base_ = ['./_base_/fgvc-aircraft.py']

model = dict(_base_.resnet18, **_base_.manifold_stages,
             feature_mix=dict(type='Mixup', alpha=0.5))

paper_rows = [dict(paper='AutoMix', table='T5', method='Manifold Mixup', column='Aircraft R-18')]
