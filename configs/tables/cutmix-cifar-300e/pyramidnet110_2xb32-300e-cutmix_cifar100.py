# CutMix Table 6 (CIFAR-100): PyramidNet-110 (alpha 64) + CutMix (Beta(1, 1) with
# probability 0.5), 17.97 / 3.83: the PyramidNet-200 CutMix arm with the backbone of
# pyramidnet110_2xb32-300e_cifar100.py (which says why bottleneck units).
_base_ = ['./pyramidnet200_2xb32-300e-cutmix_cifar100.py']

model = dict(
    backbone=dict(depth=110, alpha=64, bottleneck=True),
    head=dict(in_channels=320))

paper_rows = [
    dict(paper='CutMix', table='T6', group='PyramidNet-110 (a~=64)', method='CutMix'),
]
