# Mask R-CNN with a PVT-Small (v1) backbone: SMMix Table 4, PVT-S. The PVT-T config
# (mask-rcnn_pvt-t_fpn_1x_coco_mmrecmix.py, PVT's mask_rcnn_pvt_{t,s}_fpn_1x_coco.py
# recipe) with PVT-S's depths 3-4-6-3; its backbone from an extracted mmrecmix PVT-S
# ImageNet checkpoint (--cfg-options model.backbone.init_cfg.checkpoint=B.pth).
_base_ = ['./mask-rcnn_pvt-t_fpn_1x_coco_mmrecmix.py']

model = dict(backbone={{_base_.pvt_small}})

# One config serves every pretraining of the table: the checkpoint picks the row.
paper_rows = [dict(paper='SMMix', table='T4', group='PVT-S')]
