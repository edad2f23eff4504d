# DeiT-Small, SMMix 100-epoch recipe (_base_/deit-small_smmix-100e_in1k.py) with
# the placement Max Attn -> Min Attn (SMMix itself):
# the source's most attended window pasted onto the target's least attended one.
# SMMix appendix Table A4, 74.7.
_base_ = ['./_base_/deit-small_smmix-100e_in1k.py']

# SMMix's defaults, spelled out so that the six arms differ only in these two.
model = dict(mix=dict(source_region='max_attn', target_region='min_attn'))

paper_rows = [dict(paper='SMMix', table='A4', group='DeiT-S',
                   method='SMMix')]
