# CutMix Table 11, Baseline: the CutMix paper's ImageNet ResNet-50 Baseline arm under FGSM.
_base_ = [
    '../../tables/cutmix-imagenet-300e/resnet50_4xb64-300e_in1k.py',
    './_base_/fgsm.py',
]

paper_rows = [dict(paper='CutMix', table='T11', method='Baseline')]
