# DeiT-Tiny on ImageNet-1k, 300 epochs, 4 GPUs x 256: the training recipe of SMMix's code
# (ChenMnZ/SMMix, main.py defaults as its script/train.sh runs them), with DeiT's batch
# mix: per batch Mixup (0.8) or CutMix (1.0), switch 0.5. Both DeiT arms (this one and
# the SMMix one) share this recipe and differ only in the mix.
#
# From SMMix's main.py: AdamW lr 5e-4 x 1024 / 512, wd 0.05 (not on norms, biases,
# cls token, pos embed), eps 1e-8; 5 warm-up epochs from 1e-6, cosine to 1e-5, stepped
# per epoch; drop path 0.1; no gradient clipping; label smoothing 0.1; RandAugment
# rand-m9-mstd0.5-inc1 with bicubic resizing; no random erasing (reprob 0) and no
# repeated augmentation (both are on in DeiT's own recipe). Its model EMA is kept but
# never evaluated, so it is left out.
_base_ = ['mmpretrain::deit/deit-tiny_4xb256_in1k.py']

custom_imports = dict(imports=['mmrecmix'], allow_failed_imports=False)

model = dict(backbone=dict(drop_path_rate=0.1))

# mmpretrain's DeiT pipeline without its RandomErasing.
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='RandomResizedCrop', scale=224, backend='pillow',
         interpolation='bicubic'),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='RandAugment', policies='timm_increasing', num_policies=2,
         total_level=10, magnitude_level=9, magnitude_std=0.5,
         hparams=dict(pad_val=[104, 116, 124], interpolation='bicubic')),
    dict(type='PackInputs'),
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))

optim_wrapper = dict(clip_grad=None)
# timm's per-epoch warm-up, lr = 1e-6 + e (1e-3 - 1e-6) / 5 in epochs 0..4: LinearLR from
# 1e-3 with end=6 steps exactly that. timm's cosine is counted from epoch 0 over all
# 300 epochs; here it spans the 295 after the warm-up (at most 1.5% of the lr apart).
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-3, by_epoch=True, begin=0, end=6),
    dict(type='CosineAnnealingLR', T_max=295, eta_min=1e-5, by_epoch=True, begin=5,
         end=300),
]
recipe_differences = [
    'cosine over the 295 epochs after warm-up (timm: over 300 from epoch 0, '
    '<= 1.5% of the lr apart)',
    "no model EMA: SMMix's code (main.py) keeps one but evaluates and reports the "
    'plain model',
]
# SMMix Table 1's CutMix numbers (DeiT-T 72.2, DeiT-S 79.8) are the DeiT paper's, run
# with DeiT's own recipe (random erasing 0.25, repeated augmentation), not this one;
# no number was published for this arm's recipe. (SMMix Table 2's DeiT-S 79.8 is
# OpenMixup's run: configs/tables/smmix-t2/deit-small_4xb256-300e-mixup-cutmix_in1k.py.)
paper_rows = []
