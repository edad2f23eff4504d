# ATSS with a PVTv2-B1 backbone, 1x on COCO, AdamW (the RecursiveMix paper reports
# 39.3 / 41.8 / 42.3 AP for baseline / CutMix / RM PVTv2-B1 pretraining):
#   python tools/model_converters/extract_backbone.py work_dirs/rm_pvt/epoch_300.pth \
#       work_dirs/rm_pvt/backbone.pth
#   python tools/train.py configs/transfer/atss_pvtv2-b1_fpn_1x_coco_mmrecmix.py \
#       --cfg-options model.backbone.init_cfg.checkpoint=work_dirs/rm_pvt/backbone.pth
_base_ = ['./atss_r50_fpn_1x_coco_mmrecmix.py', './_base_/pvtv2_b1_backbone.py',
          './_base_/adamw.py']

model = dict(backbone={{_base_.pvtv2_b1}},
             neck=dict(in_channels={{_base_.pvtv2_b1_widths}}))
optim_wrapper = {{_base_.adamw}}

# The baseline, CutMix and RecursiveMix cells: one config, the pretrained checkpoint
# picks the row.
paper_rows = [
    dict(paper='RecursiveMix', table='T7', group='ATSS / PVTv2-B1'),
]
