# CaiT-XXS-36 with TransMix: the TransMix arm of cait-xxs24_4xb256-300e-transmix_in1k.py
# on this size's CutMix arm (cait-xxs36_4xb256-300e-cutmix_in1k.py).
_base_ = ['./cait-xxs36_4xb256-300e-cutmix_in1k.py']

model = _base_.transmix

# SMMix Table 1 "TransMix" CaiT-XXS-36 79.8 is the TransMix paper's own run.
paper_rows = [dict(paper='SMMix', table='T1', group='CaiT-XXS-36', method='TransMix')]

recipe_differences = _base_.recipe_differences + _base_.transmix_differences
