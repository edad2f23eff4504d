# ImageNet-1k, ResNet-101: + Mixup (alpha 1.0, every batch), CutMix Table 4
# (20.52 / 5.28): the ResNet-50 Mixup arm with its backbone swapped
# (resnet101_4xb64-300e_in1k.py says why).
_base_ = ['./resnet50_4xb64-300e-mixup_in1k.py']

model = dict(backbone=dict(depth=101))

paper_rows = [
    dict(paper='CutMix', table='T4', group='ResNet-101', method='Mixup'),
]
