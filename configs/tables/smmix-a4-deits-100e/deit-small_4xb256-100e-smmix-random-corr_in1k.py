# DeiT-Small, SMMix 100-epoch recipe (_base_/deit-small_smmix-100e_in1k.py) with
# the placement Random -> Corr:
# a random window of the source pasted at the same place in the target.
# SMMix appendix Table A4, 74.2.
_base_ = ['./_base_/deit-small_smmix-100e_in1k.py']

model = dict(mix=dict(source_region='random', target_region='corresponding'))

paper_rows = [dict(paper='SMMix', table='A4', group='DeiT-S',
                   method='SMMix variant: Random->Corr (CutMix-like placement)')]
