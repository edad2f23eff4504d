# ATSS with a PVTv2-B1 backbone, 1x on COCO, AdamW (the PVTv2 detection recipe; the
# RecursiveMix paper reports 39.3 / 41.8 / 42.3 AP for baseline / CutMix / RM with
# PVTv2-B1). mmdet's PVT loads its init checkpoint itself and ignores `prefix`, so
# give it the backbone alone:
#   python tools/model_converters/extract_backbone.py work_dirs/rm_pvt/epoch_300.pth \
#       work_dirs/rm_pvt/backbone.pth
#   python tools/train.py configs/transfer/atss_pvtv2-b1_fpn_1x_coco_mmrecmix.py \
#       --cfg-options model.backbone.init_cfg.checkpoint=work_dirs/rm_pvt/backbone.pth
_base_ = './atss_r50_fpn_1x_coco_mmrecmix.py'

model = dict(
    backbone=dict(
        _delete_=True, type='PyramidVisionTransformerV2', embed_dims=64,
        num_layers=[2, 2, 2, 2], convert_weights=False,
        init_cfg=dict(type='Pretrained',
                      checkpoint='work_dirs/pvtv2-b1_in1k_recursivemix/backbone.pth')),
    neck=dict(in_channels=[64, 128, 320, 512]))

optim_wrapper = dict(
    _delete_=True, type='OptimWrapper',
    optimizer=dict(type='AdamW', lr=1e-4, weight_decay=1e-4))
