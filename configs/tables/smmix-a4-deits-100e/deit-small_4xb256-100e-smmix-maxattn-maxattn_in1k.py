# DeiT-Small, SMMix 100-epoch recipe (_base_/deit-small_smmix-100e_in1k.py) with
# the placement Max Attn -> Max Attn:
# the source's most attended window pasted onto the target's most attended one.
# SMMix appendix Table A4, 74.3.
_base_ = ['./_base_/deit-small_smmix-100e_in1k.py']

model = dict(mix=dict(source_region='max_attn', target_region='max_attn'))

paper_rows = [dict(paper='SMMix', table='A4', group='DeiT-S',
                   method='SMMix variant: Max Attn->Max Attn')]
