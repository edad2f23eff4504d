# UperNet R-50, 80k iterations on ADE20K with AdamW (the RecursiveMix supplementary,
# Table S1: 40.40 / 41.24 / 42.30 mIoU for baseline / CutMix / RM pretraining), the
# backbone initialised from an mmrecmix ImageNet checkpoint. mmseg's R-50 bases use
# ResNetV1c (a deep stem) and a model-level `pretrained`; an mmpretrain ResNet-50
# checkpoint needs the plain `ResNet`, so the type is switched and `pretrained` unset.
# Pick the checkpoint without copying this file:
#   python tools/train.py configs/transfer/upernet_r50_adamw_80k_ade20k_mmrecmix.py \
#       --cfg-options model.backbone.init_cfg.checkpoint=work_dirs/rm_r50/epoch_300.pth
_base_ = [
    'mmseg::upernet/upernet_r50_4xb4-80k_ade20k-512x512.py',
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
    dict(paper='RecursiveMix', table='T9', group='UperNet / ResNet-50'),
    dict(paper='RecursiveMix-supp', table='S1', group='UperNet / ResNet-50, AdamW'),
]
