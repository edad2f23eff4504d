# PVT-Small (v1) with TransMix: the TransMix arm of pvt-tiny_4xb256-300e-transmix_in1k.py
# on this size's CutMix arm (pvt-small_4xb256-300e-cutmix_in1k.py).
_base_ = ['./pvt-small_4xb256-300e-cutmix_in1k.py']

model = _base_.transmix

# SMMix Table 1 "TransMix" PVT-S 80.5 is the TransMix paper's own run.
paper_rows = [dict(paper='SMMix', table='T1', group='PVT-S', method='TransMix')]

recipe_differences = _base_.recipe_differences + _base_.transmix_differences
