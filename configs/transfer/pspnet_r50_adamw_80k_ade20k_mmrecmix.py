# PSPNet R-50 (dilated), 80k iterations on ADE20K with AdamW, the backbone initialised
# from an mmrecmix ImageNet checkpoint (mmseg's stock R-50-D8: 41.13 mIoU). As for
# UperNet, the plain `ResNet` replaces mmseg's `ResNetV1c` and `pretrained` is unset.
#   python tools/train.py configs/transfer/pspnet_r50_adamw_80k_ade20k_mmrecmix.py \
#       --cfg-options model.backbone.init_cfg.checkpoint=work_dirs/rm_r50/epoch_300.pth
_base_ = [
    'mmseg::pspnet/pspnet_r50-d8_4xb4-80k_ade20k-512x512.py',
    './_base_/mmrecmix_r50_init.py', './_base_/adamw.py'
]

custom_imports = dict(imports=['mmrecmix'], allow_failed_imports=False)

model = dict(
    pretrained=None,
    backbone=dict(type='ResNet', init_cfg={{_base_.r50_init_cfg}}))

optim_wrapper = {{_base_.adamw}}
param_scheduler = {{_base_.poly_to_zero_80k}}

custom_hooks = {{_base_.verify_pretrained}}

# The baseline, CutMix and RecursiveMix cells: one config, the pretrained checkpoint
# picks the row.
paper_rows = [
    dict(paper='RecursiveMix', table='T9', group='PSPNet / ResNet-50'),
]
