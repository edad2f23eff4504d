# DeiT-Small, SMMix 100-epoch recipe (_base_/deit-small_smmix-100e_in1k.py) with
# the placement Random -> Min Attn:
# a random window of the source pasted onto the target's least attended window.
# SMMix appendix Table A4, 74.5.
_base_ = ['./_base_/deit-small_smmix-100e_in1k.py']

model = dict(mix=dict(source_region='random', target_region='min_attn'))

paper_rows = [dict(paper='SMMix', table='A4', group='DeiT-S',
                   method='SMMix variant: Random->Min Attn')]
