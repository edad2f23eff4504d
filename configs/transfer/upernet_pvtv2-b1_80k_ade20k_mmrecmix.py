# UperNet with a PVTv2-B1 backbone (mmdet's), 80k iterations on ADE20K, AdamW. As for
# detection, PVT ignores `prefix`: extract the backbone first
# (tools/model_converters/extract_backbone.py) and pass that file.
_base_ = './upernet_r50_adamw_80k_ade20k_mmrecmix.py'

model = dict(
    backbone=dict(
        _delete_=True, type='mmdet.PyramidVisionTransformerV2', embed_dims=64,
        num_layers=[2, 2, 2, 2], convert_weights=False,
        init_cfg=dict(type='Pretrained',
                      checkpoint='work_dirs/pvtv2-b1_in1k_recursivemix/backbone.pth')),
    decode_head=dict(in_channels=[64, 128, 320, 512]),
    auxiliary_head=dict(in_channels=320))
