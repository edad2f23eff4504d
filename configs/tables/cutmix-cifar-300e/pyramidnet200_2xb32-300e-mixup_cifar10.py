# CIFAR-10: + Mixup (alpha 1.0, the tables' row label), CutMix Table 7 (3.09 top-1
# error), copied by RecursiveMix Table 1.
_base_ = ['./_base_/pyramidnet200_2xb32-300e_cifar10.py']

model = dict(train_cfg=dict(augments=dict(type='Mixup', alpha=1.0)))

paper_rows = [
    dict(paper='CutMix', table='T7', group='PyramidNet-200 (a~=240)', method='Mixup'),
    dict(paper='RecursiveMix', table='T1', group='PyramidNet-200 (a~=240)',
         method='Mixup'),
]
