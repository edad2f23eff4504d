# PVT-Small (v1) in the recipe of pvt-tiny_4xb256-300e-cutmix_in1k.py (SMMix's code,
# DeiT's Mixup/CutMix batch mix); only the architecture differs (PVT's config:
# drop path 0.1, no gradient clipping).
_base_ = ['./pvt-tiny_4xb256-300e-cutmix_in1k.py']

model = dict(backbone=dict(arch='small'))

# No table number was produced with this recipe (see pvt-tiny_4xb256-300e-cutmix_in1k.py).
paper_rows = []
