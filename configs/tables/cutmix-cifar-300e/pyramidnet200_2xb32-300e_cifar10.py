# CIFAR-10, PyramidNet-200 (alpha 240), the CutMix paper's CIFAR recipe: the baseline,
# CutMix Table 7 (3.85 top-1 error), which RecursiveMix Table 1 copies ("300 epochs
# settings, the same with that of the CutMix paper").
_base_ = ['./_base_/pyramidnet200_2xb32-300e_cifar10.py']

paper_rows = [
    dict(paper='CutMix', table='T7', group='PyramidNet-200 (a~=240)', method='Baseline'),
    dict(paper='RecursiveMix', table='T1', group='PyramidNet-200 (a~=240)',
         method='Baseline'),
]
