# mmdet's PVTv2-B1, initialised from an extracted mmrecmix backbone checkpoint (PVT's
# own init_weights ignores `prefix`: run tools/model_converters/extract_backbone.py).
# Configs take it as `{{_base_.pvtv2_b1}}`, with its FPN widths `{{_base_.pvtv2_b1_widths}}`.
pvtv2_b1 = dict(
    _delete_=True, type='mmdet.PyramidVisionTransformerV2', embed_dims=64,
    num_layers=[2, 2, 2, 2], convert_weights=False,
    init_cfg=dict(type='Pretrained',
                  checkpoint='work_dirs/pvtv2-b1_8xb64-300e-recursivemix_in1k/backbone.pth'))
pvtv2_b1_widths = [64, 128, 320, 512]
