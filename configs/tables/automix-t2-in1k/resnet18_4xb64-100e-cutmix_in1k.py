# CutMix (Yun et al. 2019): lambda ~ Beta(0.2, 0.2), one box per batch at a uniform
# centre, clipped, lambda from the clipped box: mmpretrain's CutMix is the rule of
# OpenMixup's cutmix.py; alpha as OpenMixup's ImageNet benchmark table gives it.
_base_ = [
    'mmpretrain::_base_/models/resnet18.py',
    './_base_/pytorch-style_100e.py',
]

model = dict(train_cfg=dict(augments=dict(type='CutMix', alpha=0.2)))

paper_rows = [
    dict(paper='AutoMix', table='T2', method='CutMix', column='100ep R-18'),
    # The same run is Table 10's "(none)" row (its +MP arms:
    # ../automix-t10-momentum-pipeline/).
    dict(paper='AutoMix', table='T10', group='(none)', method='CutMix', column='IN-1k'),
]
