# SMMix Table 5, PVT-L Mixup + CutMix (DeiT recipe): the model evaluated is the one
# ../../pvt/pvt-large_4xb256-300e-cutmix_in1k.py trains.
_base_ = ['../../pvt/pvt-large_4xb256-300e-cutmix_in1k.py', './_base_/imagenet_variants.py']

paper_rows = [
    dict(paper='SMMix', table='T5', group='PVT-L', method='Mixup + CutMix (DeiT recipe)'),
]
