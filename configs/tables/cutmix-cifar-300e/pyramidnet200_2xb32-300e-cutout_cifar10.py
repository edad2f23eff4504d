# CIFAR-10: + Cutout (16 x 16), CutMix Table 7 (3.10 top-1 error), copied by
# RecursiveMix Table 1.
_base_ = ['./_base_/pyramidnet200_2xb32-300e_cifar10.py']

train_dataloader = dict(dataset=dict(pipeline=_base_.cutout_train_pipeline))

paper_rows = [
    dict(paper='CutMix', table='T7', group='PyramidNet-200 (a~=240)', method='Cutout'),
    dict(paper='RecursiveMix', table='T1', group='PyramidNet-200 (a~=240)',
         method='Cutout'),
]
recipe_differences = _base_.recipe_differences
