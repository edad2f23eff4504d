# mmdet's PyramidVisionTransformer (PVT v1) as the SMMix transfer configs use it,
# initialised from the backbone of an mmrecmix PVT v1 classifier
# (configs/pvt/pvt-{tiny,small}_4xb256-300e-*_in1k.py) that
# tools/model_converters/extract_backbone.py extracted: it drops the classifier's
# cls_token, cls_pos_embed and final norm, and the other keys are mmdet's
# (convert_weights=False). PVT's init_weights ignores `prefix`, hence the extraction.
# Configs take `{{_base_.pvt_tiny}}` / `{{_base_.pvt_small}}` and the FPN widths
# `{{_base_.pvt_widths}}`.
# PVT-T: depths 2-2-2-2, PVT-S: 3-4-6-3 (Wang et al. 2021, Table 1; mmdet's
# retinanet_pvt-{t,s}_fpn_1x_coco.py); drop path 0.1 (mmdet's default, PVT's
# detection/pvt.py).
pvt_tiny = dict(
    _delete_=True, type='mmdet.PyramidVisionTransformer', num_layers=[2, 2, 2, 2],
    convert_weights=False,
    init_cfg=dict(type='Pretrained',
                  checkpoint='work_dirs/pvt-tiny_4xb256-300e-smmix_in1k/backbone.pth'))
pvt_small = dict(
    pvt_tiny, num_layers=[3, 4, 6, 3],
    init_cfg=dict(type='Pretrained',
                  checkpoint='work_dirs/pvt-small_4xb256-300e-smmix_in1k/backbone.pth'))
pvt_widths = [64, 128, 320, 512]
