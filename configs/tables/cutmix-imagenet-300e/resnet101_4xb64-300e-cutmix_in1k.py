# ImageNet-1k, ResNet-101: + CutMix (Beta(1, 1) on every batch), CutMix Table 4
# (20.17 / 5.24): the ResNet-50 CutMix arm with its backbone swapped
# (resnet101_4xb64-300e_in1k.py says why).
_base_ = ['./resnet50_4xb64-300e-cutmix_in1k.py']

model = dict(backbone=dict(depth=101))

paper_rows = [
    dict(paper='CutMix', table='T4', group='ResNet-101', method='CutMix'),
]
