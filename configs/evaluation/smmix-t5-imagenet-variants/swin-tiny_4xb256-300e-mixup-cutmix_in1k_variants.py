# SMMix Table 5, Swin-T Mixup + CutMix (DeiT recipe): the Swin-T arm of SMMix Table 2.
_base_ = [
    '../../tables/smmix-t2/swin-tiny_4xb256-300e-mixup-cutmix_in1k.py',
    './_base_/imagenet_variants.py',
]

paper_rows = [
    dict(paper='SMMix', table='T5', group='Swin-T', method='Mixup + CutMix (DeiT recipe)'),
]
