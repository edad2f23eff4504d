# Mask R-CNN with a PVT-Tiny (v1) backbone and FPN, 1x on COCO train2017, box AP on
# val2017: SMMix Table 4, PVT-T (Sec. 5.2: "PVT is selected as the backbone, and we
# follow all training settings on PVT"). PVT's own recipe (whai362/PVT
# detection/configs/mask_rcnn_pvt_t_fpn_1x_coco.py): mmdet's Mask R-CNN R-50 FPN 1x
# (12 epochs, steps after 8 and 11, 1333 x 800, 16 images a step) with PVT's four
# stages (64, 128, 320, 512 channels) into the FPN, AdamW lr 2e-4, weight decay 1e-4.
# The backbone comes from an mmrecmix PVT-T ImageNet checkpoint (the baseline or
# SMMix one: the checkpoint picks the row); extract it first:
#   python tools/model_converters/extract_backbone.py work_dirs/ARM/epoch_300.pth B.pth
#   python tools/train.py configs/transfer/smmix/mask-rcnn_pvt-t_fpn_1x_coco_mmrecmix.py \
#       --cfg-options model.backbone.init_cfg.checkpoint=B.pth
_base_ = ['../mask-rcnn_r50_fpn_1x_coco_mmrecmix.py', '../_base_/pvt_v1_backbone.py']

model = dict(backbone={{_base_.pvt_tiny}}, neck=dict(in_channels={{_base_.pvt_widths}}))
optim_wrapper = dict(_delete_=True, type='OptimWrapper',
                     optimizer=dict(type='AdamW', lr=2e-4, weight_decay=1e-4))

# One config serves every pretraining of the table: the checkpoint picks the row.
paper_rows = [dict(paper='SMMix', table='T4', group='PVT-T')]
