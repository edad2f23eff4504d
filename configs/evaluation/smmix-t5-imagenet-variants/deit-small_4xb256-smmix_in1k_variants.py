# SMMix Table 5, DeiT-S SMMix.
_base_ = ['../../deit/deit-small_4xb256-smmix_in1k.py', './_base_/imagenet_variants.py']

paper_rows = [dict(paper='SMMix', table='T5', group='DeiT-S', method='SMMix')]
