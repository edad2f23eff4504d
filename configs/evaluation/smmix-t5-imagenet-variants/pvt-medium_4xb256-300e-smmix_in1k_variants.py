# SMMix Table 5, PVT-M SMMix.
_base_ = ['../../pvt/pvt-medium_4xb256-300e-smmix_in1k.py', './_base_/imagenet_variants.py']

paper_rows = [dict(paper='SMMix', table='T5', group='PVT-M', method='SMMix')]
