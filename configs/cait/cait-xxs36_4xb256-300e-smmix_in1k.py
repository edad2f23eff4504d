# CaiT-XXS-36 with SMMix instead of CutMix, everything else the CutMix arm's recipe
# (cait-xxs36_4xb256-300e-cutmix_in1k.py); what SMMix does here: `smmix` in
# cait-xxs24_4xb256-300e-cutmix_in1k.py.
_base_ = ['./cait-xxs36_4xb256-300e-cutmix_in1k.py']

model = _base_.smmix

# SMMix Table 1, CaiT-XXS-36 SMMix 80.2.
paper_rows = [dict(paper='SMMix', table='T1', group='CaiT-XXS-36', method='SMMix')]

recipe_differences = _base_.recipe_differences + _base_.smmix_differences
