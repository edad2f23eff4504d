# ImageNet-1k, ResNet-101 (torchvision's layout, as mmpretrain's: 44.5 M parameters,
# the paper's 44.6 M), the CutMix paper's recipe: the baseline, CutMix Table 4
# (21.87 / 6.29 top-1 / top-5 error). "CutMix for Deeper Models" (Sec. 4.1.1) trains
# the deeper networks as ResNet-50 (the README's command with --depth 101): the
# ResNet-50 arm with its backbone swapped.
_base_ = ['./resnet50_4xb64-300e_in1k.py']

model = dict(backbone=dict(depth=101))

paper_rows = [
    dict(paper='CutMix', table='T4', group='ResNet-101', method='Baseline'),
]
