# DeiT-Small with the recipe of deit-tiny_4xb256-cutmix_in1k.py (SMMix's code, DeiT's
# Mixup/CutMix batch mix); only the architecture differs.
_base_ = ['./deit-tiny_4xb256-cutmix_in1k.py']

model = dict(backbone=dict(arch='deit-small'), head=dict(in_channels=384))

# No table number was produced with this recipe (see deit-tiny_4xb256-cutmix_in1k.py).
paper_rows = []
