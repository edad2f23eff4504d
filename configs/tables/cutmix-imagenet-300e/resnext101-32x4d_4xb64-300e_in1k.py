# ImageNet-1k, ResNeXt-101 (32x4d) (mmpretrain's ResNeXt: 44.2 M parameters, the
# paper's 44.1 M), the CutMix paper's recipe: the baseline, CutMix Table 4 (21.18 /
# 5.57 top-1 / top-5 error). The ResNet-50 arm with its backbone swapped, as "CutMix
# for Deeper Models" (Sec. 4.1.1) trains the deeper networks as ResNet-50.
_base_ = ['./resnet50_4xb64-300e_in1k.py']

model = dict(backbone=_base_.resnext101_32x4d)

paper_rows = [
    dict(paper='CutMix', table='T4', group='ResNeXt-101 (32x4d)', method='Baseline'),
]
recipe_differences = _base_.recipe_differences + _base_.resnext_differences
