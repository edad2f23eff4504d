# PVT-Large (v1) with TransMix: the TransMix arm of pvt-tiny_4xb256-300e-transmix_in1k.py
# on this size's CutMix arm (pvt-large_4xb256-300e-cutmix_in1k.py).
_base_ = ['./pvt-large_4xb256-300e-cutmix_in1k.py']

model = _base_.transmix

# SMMix Table 1 "TransMix" PVT-L 82.4 is the TransMix paper's own run.
paper_rows = [dict(paper='SMMix', table='T1', group='PVT-L', method='TransMix')]

recipe_differences = _base_.recipe_differences + _base_.transmix_differences
