# RecursiveMix Table 1 (CIFAR-10, PyramidNet-200, alpha 240, "300 epochs settings, the
# same with that of the CutMix paper"): + Stochastic Depth, 3.11 top-1 error. The
# CutMix recipe's CIFAR-10 baseline (../cutmix-cifar-300e/) with the drop path of
# ./_base_/stochastic_depth.py (RecursiveMix states none: the CutMix paper's).
_base_ = [
    '../cutmix-cifar-300e/pyramidnet200_2xb32-300e_cifar10.py',
    './_base_/stochastic_depth.py',
]

model = dict(backbone=_base_.stochastic_depth)

paper_rows = [
    dict(paper='RecursiveMix', table='T1', group='PyramidNet-200 (a~=240)',
         method='Stochastic Depth'),
]
recipe_differences = _base_.recipe_differences + _base_.stochastic_depth_differences + [
    "RecursiveMix gives no stochastic depth setting: the CutMix paper's CIFAR rate 0.25",
]
