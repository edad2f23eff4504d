# Mask R-CNN R-50 FPN, 1x on COCO (mmdet's stock R-50: 38.2 box / 34.7 mask AP), the
# backbone initialised from an mmrecmix ImageNet R-50 checkpoint (baseline, CutMix or
# RecursiveMix). Downstream training does not mix. Pick the checkpoint without copying
# this file:
#   python tools/train.py configs/transfer/mask-rcnn_r50_fpn_1x_coco_mmrecmix.py \
#       --cfg-options model.backbone.init_cfg.checkpoint=work_dirs/rm_r50/epoch_300.pth
_base_ = ['mmdet::mask_rcnn/mask-rcnn_r50_fpn_1x_coco.py', './_base_/mmrecmix_r50_init.py']

custom_imports = dict(imports=['mmrecmix'], allow_failed_imports=False)

model = dict(backbone=dict(init_cfg={{_base_.r50_init_cfg}}))

custom_hooks = {{_base_.verify_pretrained}}

# The baseline, CutMix and RecursiveMix cells: one config, the pretrained checkpoint
# picks the row.
paper_rows = [
    dict(paper='RecursiveMix', table='T8', group='Mask R-CNN / ResNet-50'),
]
