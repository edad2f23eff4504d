# Semantic FPN with a PVT-Tiny (v1) backbone on ADE20K, mIoU / mAcc on validation:
# SMMix Table 3, PVT-T (Sec. 5.2: "we follow all training settings on PVT"). PVT's
# own recipe (whai362/PVT segmentation/configs/sem_fpn/PVT/fpn_pvt_t_ade20k_40k.py on
# its fpn_r50 and ade20k bases): 8 GPUs x 4 crops of 512 x 512 ("we use 8 gpu instead
# of 4 in mmsegmentation, so lr*2 and max_iters/2"), AdamW lr 2e-4, weight decay
# 1e-4, poly decay (power 0.9) to 0 over 40k iterations; resize to 2048 x 512 with
# ratio 0.5-2, crop 512 with cat_max_ratio 0.75, flip, photometric distortion; test at
# 2048 x 512. Written on mmseg's fpn_r50_4xb4-160k_ade20k-512x512.py (the same model
# and data). The backbone comes from an extracted mmrecmix PVT-T ImageNet checkpoint
# (the baseline or SMMix one: the checkpoint picks the row):
#   python tools/model_converters/extract_backbone.py work_dirs/ARM/epoch_300.pth B.pth
#   python tools/train.py configs/transfer/smmix/fpn_pvt-t_40k_ade20k_mmrecmix.py \
#       --cfg-options model.backbone.init_cfg.checkpoint=B.pth
_base_ = ['mmseg::sem_fpn/fpn_r50_4xb4-160k_ade20k-512x512.py',
          '../_base_/pvt_v1_backbone.py', '../_base_/mmrecmix_r50_init.py']

custom_imports = dict(imports=['mmrecmix'], allow_failed_imports=False)

model = dict(pretrained=None, backbone={{_base_.pvt_tiny}},
             neck=dict(in_channels={{_base_.pvt_widths}}))

train_dataloader = dict(batch_size=4)
optim_wrapper = dict(_delete_=True, type='OptimWrapper',
                     optimizer=dict(type='AdamW', lr=2e-4, weight_decay=1e-4))
param_scheduler = [
    dict(type='PolyLR', eta_min=0.0, power=0.9, begin=0, end=40000, by_epoch=False)
]
train_cfg = dict(max_iters=40000, val_interval=4000)
default_hooks = dict(checkpoint=dict(interval=4000))
custom_hooks = {{_base_.verify_pretrained}}

# One config serves every pretraining of the table: the checkpoint picks the row.
paper_rows = [dict(paper='SMMix', table='T3', group='PVT-T')]
recipe_differences = [
    "test images resized to 2048 x 512 keeping the ratio (mmseg's Resize); PVT's "
    'AlignResize also rounds both sides to a multiple of 32',
]
