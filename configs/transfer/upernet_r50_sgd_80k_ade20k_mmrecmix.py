# UperNet R-50, 80k iterations on ADE20K with SGD (the RecursiveMix supplementary, Table
# S1's SGD rows: 39.82 / 40.22 / 41.44 mIoU for baseline / CutMix / RM pretraining), the
# backbone initialised from an mmrecmix ImageNet checkpoint: the SGD counterpart of
# upernet_r50_adamw_80k_ade20k_mmrecmix.py, identical to it but for the optimizer and
# its schedule. The supplementary (C.4) trains "following MMSegmentation" and gives no
# SGD hyper-parameters, so they are mmseg's own for this model
# (upernet_r50_4xb4-80k_ade20k-512x512.py, its schedule_80k.py): SGD lr 0.01, momentum
# 0.9, weight decay 5e-4 on every parameter, no clipping, poly (power 0.9) per
# iteration to 1e-4 over 80k iterations, 4 GPUs x 4 images. (The authors' AdamW logs
# decay to 0 instead, which the AdamW config follows; no SGD log is published.)
# Pick the checkpoint without copying this file:
#   python tools/train.py configs/transfer/upernet_r50_sgd_80k_ade20k_mmrecmix.py \
#       --cfg-options model.backbone.init_cfg.checkpoint=work_dirs/rm_r50/epoch_300.pth
_base_ = [
    'mmseg::upernet/upernet_r50_4xb4-80k_ade20k-512x512.py',
    './_base_/mmrecmix_r50_init.py'
]

custom_imports = dict(imports=['mmrecmix'], allow_failed_imports=False)

model = dict(
    pretrained=None,
    backbone=dict(type='ResNet', init_cfg={{_base_.r50_init_cfg}}))

# mmseg's optimizer and schedule, inherited and spelled out here so they show.
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='SGD', lr=0.01, momentum=0.9, weight_decay=5e-4),
    clip_grad=None)
param_scheduler = [
    dict(type='PolyLR', eta_min=1e-4, power=0.9, begin=0, end=80000, by_epoch=False)
]

custom_hooks = {{_base_.verify_pretrained}}

# The baseline, CutMix and RecursiveMix cells of Table S1's SGD block: one config, the
# pretrained checkpoint picks the row.
paper_rows = [
    dict(paper='RecursiveMix-supp', table='S1', group='UperNet / ResNet-50, SGD'),
]
