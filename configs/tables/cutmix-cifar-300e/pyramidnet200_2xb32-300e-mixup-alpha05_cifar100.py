# CutMix Table 5: + Mixup with alpha 0.5 (the table's row label; the paper tried 0.5
# and 1.0), every batch as the Mixup reference, 15.78 / 4.04.
_base_ = ['./_base_/pyramidnet200_2xb32-300e_cifar100.py']

model = dict(train_cfg=dict(augments=dict(type='Mixup', alpha=0.5)))

paper_rows = [
    dict(paper='CutMix', table='T5', group='PyramidNet-200 (a~=240)',
         method='Mixup (a=0.5)'),
]
