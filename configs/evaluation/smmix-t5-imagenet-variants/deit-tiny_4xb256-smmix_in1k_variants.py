# SMMix Table 5, DeiT-T SMMix.
_base_ = ['../../deit/deit-tiny_4xb256-smmix_in1k.py', './_base_/imagenet_variants.py']

paper_rows = [dict(paper='SMMix', table='T5', group='DeiT-T', method='SMMix')]
