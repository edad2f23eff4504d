# CutMix Table 5: + Cutout, one 16 x 16 hole (the paper's "Hyper-parameter settings"),
# 16.53 / 3.65.
_base_ = ['./_base_/pyramidnet200_2xb32-300e_cifar100.py']

train_dataloader = dict(dataset=dict(pipeline=_base_.cutout_train_pipeline))

paper_rows = [
    dict(paper='CutMix', table='T5', group='PyramidNet-200 (a~=240)', method='Cutout'),
]
recipe_differences = _base_.recipe_differences
