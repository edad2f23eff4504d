# SMMix Table 5, PVT-S SMMix.
_base_ = ['../../pvt/pvt-small_4xb256-300e-smmix_in1k.py', './_base_/imagenet_variants.py']

paper_rows = [dict(paper='SMMix', table='T5', group='PVT-S', method='SMMix')]
