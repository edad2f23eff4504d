# CaiT-XXS-36 in the recipe of cait-xxs24_4xb256-300e-cutmix_in1k.py (SMMix's code,
# DeiT's Mixup/CutMix batch mix); only the architecture and its stochastic depth
# (0.1, the CaiT paper's) differ.
_base_ = ['./cait-xxs24_4xb256-300e-cutmix_in1k.py']

model = dict(backbone=dict(arch='xxs36', drop_path_rate=0.1))

# No table number was produced with this recipe (see cait-xxs24_4xb256-300e-cutmix_in1k.py).
paper_rows = []
