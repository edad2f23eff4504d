# ImageNet-1k, ResNet-101: + Cutout (one 112 x 112 hole, Sec. 4.1.1), CutMix Table 4
# (20.72 / 5.51): the ResNet-50 Cutout arm with its backbone swapped
# (resnet101_4xb64-300e_in1k.py says why).
_base_ = ['./resnet50_4xb64-300e-cutout_in1k.py']

model = dict(backbone=dict(depth=101))

paper_rows = [
    dict(paper='CutMix', table='T4', group='ResNet-101', method='Cutout'),
]
