# ImageNet-1k, ResNet-50: + Mixup, alpha 1.0 (Sec. 4.1.1: 0.5 and 1.0 tried, 1.0 kept),
# every batch, CutMix Table 3 (22.58 / 6.40), copied by RecursiveMix Tables 5 and 6.
_base_ = ['./_base_/resnet50_4xb64-300e_in1k.py']

model = dict(train_cfg=dict(augments=dict(type='Mixup', alpha=1.0)))

paper_rows = [
    dict(paper='CutMix', table='T3', group='ResNet-50', method='Mixup'),
    # The same run's accuracy in Table 1 (100 - the top-1 error, rounded).
    dict(paper='CutMix', table='T1', group='ResNet-50', method='Mixup',
         column='ImageNet cls acc'),
    dict(paper='RecursiveMix', table='T5', group='ResNet-50', method='Mixup'),
    dict(paper='RecursiveMix', table='T6', group='ResNet-50', method='Mixup'),
    # Table 10's ImageNet column: the same run's top-1 error.
    dict(paper='CutMix', table='T10', group='ResNet-50', method='Mixup', column='IN top-1 err'),
]
