# GFL with a PVTv2-B1 backbone, 1x on COCO, AdamW. Extract the backbone of the
# mmrecmix PVTv2-B1 checkpoint first (see atss_pvtv2-b1_fpn_1x_coco_mmrecmix.py).
_base_ = ['./gfl_r50_fpn_1x_coco_mmrecmix.py', './_base_/pvtv2_b1_backbone.py',
          './_base_/adamw.py']

model = dict(backbone={{_base_.pvtv2_b1}},
             neck=dict(in_channels={{_base_.pvtv2_b1_widths}}))
optim_wrapper = {{_base_.adamw}}

# The baseline, CutMix and RecursiveMix cells: one config, the pretrained checkpoint
# picks the row.
paper_rows = [
    dict(paper='RecursiveMix', table='T7', group='GFL / PVTv2-B1'),
]
