# mmdet's PyramidVisionTransformer (PVT v1) as the SMMix transfer configs use it,
# initialised from an extracted mmrecmix PVT v1 classifier backbone (its keys are
# mmdet's, so no conversion: convert_weights=False; PVT's init_weights ignores
# `prefix`, so run tools/model_converters/extract_backbone.py first). Configs take
# `{{_base_.pvt_tiny}}` / `{{_base_.pvt_small}}` and the FPN widths `{{_base_.pvt_widths}}`.
# PVT-T: depths 2-2-2-2, PVT-S: 3-4-6-3 (Wang et al. 2021, Table 1; mmdet's
# retinanet_pvt-{t,s}_fpn_1x_coco.py); drop path 0.1 (mmdet's default, PVT's
# detection/pvt.py).
pvt_tiny = dict(
    _delete_=True, type='mmdet.PyramidVisionTransformer', num_layers=[2, 2, 2, 2],
    convert_weights=False,
    init_cfg=dict(type='Pretrained',
                  checkpoint='work_dirs/pvt-tiny_8xb128-300e-smmix_in1k/backbone.pth'))
pvt_small = dict(
    pvt_tiny, num_layers=[3, 4, 6, 3],
    init_cfg=dict(type='Pretrained',
                  checkpoint='work_dirs/pvt-small_8xb128-300e-smmix_in1k/backbone.pth'))
pvt_widths = [64, 128, 320, 512]
