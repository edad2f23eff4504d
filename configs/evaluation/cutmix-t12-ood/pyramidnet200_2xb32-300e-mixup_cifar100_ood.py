# CutMix Table 12, Mixup: the CIFAR-100 PyramidNet-200 Mixup arm of CutMix Table 5.
_base_ = [
    '../../tables/cutmix-cifar-300e/pyramidnet200_2xb32-300e-mixup_cifar100.py',
    './_base_/ood.py',
]

paper_rows = [dict(paper='CutMix', table='T12', method='Mixup')]
