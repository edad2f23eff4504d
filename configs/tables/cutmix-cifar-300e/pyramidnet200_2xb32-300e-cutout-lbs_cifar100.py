# CutMix Table 5: + Cutout (16 x 16) + label smoothing (epsilon 0.1), 15.61 / 3.88.
_base_ = ['./_base_/pyramidnet200_2xb32-300e_cifar100.py']

model = dict(
    head=dict(loss=dict(type='LabelSmoothLoss', label_smooth_val=0.1, mode='original')))
train_dataloader = dict(dataset=dict(pipeline=_base_.cutout_train_pipeline))

paper_rows = [
    dict(paper='CutMix', table='T5', group='PyramidNet-200 (a~=240)',
         method='Cutout + Label Smoothing'),
]
recipe_differences = _base_.recipe_differences
