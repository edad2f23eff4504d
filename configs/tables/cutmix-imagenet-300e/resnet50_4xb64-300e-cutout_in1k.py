# ImageNet-1k, ResNet-50: + Cutout, one 112 x 112 hole at a uniformly drawn place
# (Sec. 4.1.1), CutMix Table 3 (22.93 / 6.66), copied by RecursiveMix Table 6.
_base_ = ['./_base_/resnet50_4xb64-300e_in1k.py']

train_dataloader = dict(dataset=dict(pipeline=_base_.cutout_train_pipeline))

paper_rows = [
    dict(paper='CutMix', table='T3', group='ResNet-50', method='Cutout'),
    # The same run's accuracy in Table 1 (100 - the top-1 error, rounded).
    dict(paper='CutMix', table='T1', group='ResNet-50', method='Cutout',
         column='ImageNet cls acc'),
    dict(paper='RecursiveMix', table='T6', group='ResNet-50', method='Cutout'),
    # Table 10's ImageNet column: the same run's top-1 error.
    dict(paper='CutMix', table='T10', group='ResNet-50', method='Cutout', column='IN top-1 err'),
]
recipe_differences = _base_.recipe_differences
