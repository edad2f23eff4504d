# SMMix Table 5, DeiT-B Mixup + CutMix (DeiT recipe).
_base_ = ['../../deit/deit-base_4xb256-cutmix_in1k.py', './_base_/imagenet_variants.py']

paper_rows = [
    dict(paper='SMMix', table='T5', group='DeiT-B', method='Mixup + CutMix (DeiT recipe)'),
]
