# Mixup (Zhang et al. 2018): one lambda ~ Beta(0.2, 0.2) per batch; alpha as
# OpenMixup's ImageNet benchmark table gives it.
_base_ = [
    'mmpretrain::_base_/models/resnet18.py',
    './_base_/pytorch-style_100e.py',
]

model = dict(train_cfg=dict(augments=dict(type='Mixup', alpha=0.2)))

paper_rows = [
    dict(paper='AutoMix', table='T2', method='Mixup', column='100ep R-18'),
    # The same run is Table 10's "(none)" row (its +MP arms:
    # ../automix-t10-momentum-pipeline/).
    dict(paper='AutoMix', table='T10', group='(none)', method='Mixup', column='IN-1k'),
]
