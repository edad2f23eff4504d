# ImageNet-1k, ResNeXt-101 (32x4d): + CutMix (Beta(1, 1) on every batch), CutMix
# Table 4 (19.47 / 5.03): the ResNet-50 CutMix arm with its backbone swapped
# (resnext101-32x4d_4xb64-300e_in1k.py says why).
_base_ = ['./resnet50_4xb64-300e-cutmix_in1k.py']

model = dict(backbone=_base_.resnext101_32x4d)

paper_rows = [
    dict(paper='CutMix', table='T4', group='ResNeXt-101 (32x4d)', method='CutMix'),
]
recipe_differences = _base_.recipe_differences + _base_.resnext_differences
