# CutMix Table 1, Baseline: ImageNet localisation of the CutMix paper's ResNet-50 Baseline arm.
_base_ = [
    '../../tables/cutmix-imagenet-300e/resnet50_4xb64-300e_in1k.py',
    './_base_/imagenet_loc.py',
]

paper_rows = [dict(paper='CutMix', table='T1', method='Baseline', column='ImageNet loc acc')]
