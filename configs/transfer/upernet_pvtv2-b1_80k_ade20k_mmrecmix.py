# UperNet with a PVTv2-B1 backbone (mmdet's), 80k iterations on ADE20K, AdamW. Extract
# the backbone of the mmrecmix PVTv2-B1 checkpoint first
# (tools/model_converters/extract_backbone.py) and pass that file.
_base_ = ['./upernet_r50_adamw_80k_ade20k_mmrecmix.py', './_base_/pvtv2_b1_backbone.py']

model = dict(backbone={{_base_.pvtv2_b1}},
             decode_head=dict(in_channels={{_base_.pvtv2_b1_widths}}),
             auxiliary_head=dict(in_channels=320))

# The baseline, CutMix and RecursiveMix cells: one config, the pretrained checkpoint
# picks the row.
paper_rows = [
    dict(paper='RecursiveMix', table='T9', group='UperNet / PVTv2-B1'),
]
