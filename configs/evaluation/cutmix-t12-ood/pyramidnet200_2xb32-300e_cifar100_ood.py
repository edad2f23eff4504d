# CutMix Table 12, Baseline: the CIFAR-100 PyramidNet-200 Baseline arm of CutMix Table 5.
_base_ = [
    '../../tables/cutmix-cifar-300e/pyramidnet200_2xb32-300e_cifar100.py',
    './_base_/ood.py',
]

paper_rows = [dict(paper='CutMix', table='T12', method='Baseline')]
