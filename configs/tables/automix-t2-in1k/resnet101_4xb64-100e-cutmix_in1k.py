# CutMix (Yun et al. 2019): lambda ~ Beta(1.0, 1.0), one box per batch at a uniform
# centre, clipped, lambda from the clipped box: mmpretrain's CutMix is the rule of
# OpenMixup's cutmix.py; alpha as OpenMixup's ImageNet benchmark table gives it.
_base_ = [
    'mmpretrain::_base_/models/resnet101.py',
    './_base_/pytorch-style_100e.py',
]

model = dict(train_cfg=dict(augments=dict(type='CutMix', alpha=1.0)))

paper_rows = [
    dict(paper='AutoMix', table='T2', method='CutMix', column='100ep R-101'),
]
