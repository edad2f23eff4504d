# Manifold Mixup on Places205: input, stage 1 or stage 2 (_base_/mixes.py), alpha 0.2
# (appendix A.1, Places205: 0.2 for the hand-crafted mixes),
# soft-target cross-entropy as in OpenMixup's runs.
_base_ = ['./_base_/places205.py']

model = dict(_base_.resnet18, **_base_.manifold_stages,
             feature_mix=dict(type='Mixup', alpha=0.2))

paper_rows = [dict(paper='AutoMix', table='T5', method='Manifold Mixup', column='Places205 R-18')]
