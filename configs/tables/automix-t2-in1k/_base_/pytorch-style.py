# The "PyTorch-style" ImageNet-1k recipe of AutoMix Table 2 (Sec. 4.1 and appendix
# Table 12), as OpenMixup runs it (the numbers are OpenMixup runs:
# configs/classification/imagenet/mixups/basic/{r18,r34,r50,r101,rx101}_mixups_CE_none_
# 4xb64.py with _base_/datasets/imagenet/basic_sz224_4xbs64.py): 4 GPUs x 64 images,
# SGD lr 0.1, momentum 0.9, weight decay 1e-4 on every parameter, no warm-up, plain
# cross-entropy on the mixed labels, no label smoothing; random-resized crop 224
# (bicubic, PIL: torchvision's interpolation=3) and horizontal flip only (no colour
# jitter, no lighting); test: shorter side to 256 (bicubic), centre crop 224. The
# schedule (cosine by epoch to 0, 100 or 300 epochs) is in pytorch-style_<n>e.py. The
# paper reports the median top-1 of the last 5 (100 ep) / 10 (300 ep) epochs.
# The SGD settings it shares with the Table 1 recipes:
# ../../automix-t1-cifar/_base_/openmixup_sgd.py.
_base_ = [
    '../../../_base_/guided_mixes.py',
    'mmpretrain::_base_/datasets/imagenet_bs64.py',
    '../../automix-t1-cifar/_base_/openmixup_sgd.py',
]

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='RandomResizedCrop', scale=224, backend='pillow',
         interpolation='bicubic'),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='PackInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='ResizeEdge', scale=256, edge='short', backend='pillow',
         interpolation='bicubic'),
    dict(type='CenterCrop', crop_size=224),
    dict(type='PackInputs'),
]
train_dataloader = dict(batch_size=64, dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(batch_size=64, dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader

auto_scale_lr = dict(base_batch_size=256)
recipe_differences = _base_.recipe_differences + [
    "ResizeMix on R-18 (OpenMixup alpha 0.2, use_alpha): tau ~ U(0.1, 0.8); "
    "OpenMixup draws tau ~ Beta(0.2, 0.2), redrawn from U(0.1, 0.8) outside it (for "
    'alpha 1, as on the other nets, the two are the same law)',
    "alpha: OpenMixup's ImageNet table (Mixup 0.2 on every net), where AutoMix "
    'appendix A.1 reads as 1 for Mixup beyond R-18',
]
