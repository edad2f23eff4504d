# PVT-Small (v1) with SMMix: the SMMix arm of pvt-tiny_4xb256-300e-smmix_in1k.py on
# this size's CutMix arm (pvt-small_4xb256-300e-cutmix_in1k.py).
_base_ = ['./pvt-small_4xb256-300e-cutmix_in1k.py']

model = _base_.smmix

# SMMix Table 1, PVT-S SMMix 81.0 (also its README's released PVT-S model).
paper_rows = [dict(paper='SMMix', table='T1', group='PVT-S', method='SMMix')]
