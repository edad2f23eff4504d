# ImageNet-1k, ResNet-50: + CutMix, Beta(1, 1) on every batch (the README's ImageNet
# command, --beta 1.0 --cutmix_prob 1.0), CutMix Table 3 (21.40 / 5.92), copied by
# RecursiveMix Tables 5 and 6.
_base_ = ['./_base_/resnet50_4xb64-300e_in1k.py']

model = dict(
    train_cfg=dict(augments=dict(type='mmrecmix.CutMix', alpha=1.0, prob=1.0)))

paper_rows = [
    dict(paper='CutMix', table='T3', group='ResNet-50', method='CutMix'),
    # The same run's accuracy in Table 1 (100 - the top-1 error, rounded).
    dict(paper='CutMix', table='T1', group='ResNet-50', method='CutMix',
         column='ImageNet cls acc'),
    dict(paper='RecursiveMix', table='T5', group='ResNet-50', method='CutMix'),
    dict(paper='RecursiveMix', table='T6', group='ResNet-50', method='CutMix'),
    # Table 10's ImageNet column: the same run's top-1 error.
    dict(paper='CutMix', table='T10', group='ResNet-50', method='CutMix', column='IN top-1 err'),
]
