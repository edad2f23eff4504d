# Mixup (Zhang et al. 2018): one lambda ~ Beta(0.2, 0.2) per batch; alpha as
# OpenMixup's ImageNet benchmark table gives it.
_base_ = [
    'mmpretrain::_base_/models/resnet50.py',
    './_base_/pytorch-style_100e.py',
]

model = dict(train_cfg=dict(augments=dict(type='Mixup', alpha=0.2)))

paper_rows = [
    dict(paper='AutoMix', table='T2', method='Mixup', column='100ep R-50'),
]
