# CutMix Table 5: Cutout (16 x 16) on the input images, then Mixup (alpha 1.0, the
# table's row label) on the batch, 15.46 / 3.42.
_base_ = ['./_base_/pyramidnet200_2xb32-300e_cifar100.py']

model = dict(train_cfg=dict(augments=dict(type='Mixup', alpha=1.0)))
train_dataloader = dict(dataset=dict(pipeline=_base_.cutout_train_pipeline))

paper_rows = [
    dict(paper='CutMix', table='T5', group='PyramidNet-200 (a~=240)',
         method='Cutout + Mixup'),
]
recipe_differences = _base_.recipe_differences
