# CutMix Table 5: + Mixup with alpha 1.0 (the table's row label), every batch as the
# Mixup reference, 15.63 / 3.99.
_base_ = ['./_base_/pyramidnet200_2xb32-300e_cifar100.py']

model = dict(train_cfg=dict(augments=dict(type='Mixup', alpha=1.0)))

paper_rows = [
    dict(paper='CutMix', table='T5', group='PyramidNet-200 (a~=240)', method='Mixup'),
]
