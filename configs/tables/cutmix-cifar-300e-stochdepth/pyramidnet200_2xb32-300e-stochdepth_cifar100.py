# CutMix Table 5 (CIFAR-100, PyramidNet-200, alpha 240): + Stochastic Depth, 15.86 /
# 3.33 top-1 / top-5 error. The baseline arm of ../cutmix-cifar-300e/ (the CutMix
# paper's CIFAR recipe, Sec. 4.1.2) with the drop path of
# ./_base_/stochastic_depth.py. Its own folder because the network differs from the
# other arms', not the mix.
_base_ = [
    '../cutmix-cifar-300e/pyramidnet200_2xb32-300e_cifar100.py',
    './_base_/stochastic_depth.py',
]

model = dict(backbone=_base_.stochastic_depth)

paper_rows = [
    dict(paper='CutMix', table='T5', group='PyramidNet-200 (a~=240)',
         method='Stochastic Depth'),
]
recipe_differences = _base_.recipe_differences + _base_.stochastic_depth_differences
