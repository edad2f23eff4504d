# Tiny-ImageNet (200 classes, 64x64) as AutoMix Sec. 4.1 and OpenMixup's
# _base_/datasets/tiny_imagenet/sz64_bs100.py train on it: random-resized crop to 64
# (bicubic, PIL: torchvision's interpolation=3), horizontal flip, 100 images per GPU,
# ImageNet's mean/std; the 64x64 test images as they are (no resize, no centre crop).
# The recipe (same file, as OpenMixup's tiny_imagenet/mixups/basic/*_mixups_CE_none.py
# and the paper): SGD lr 0.2, momentum 0.9, weight decay 1e-4 on every parameter, no
# warm-up, cosine by epoch to 0, 400 epochs. Median top-1 of the last 10 epochs, mean
# of 3 runs, as reported.
#
# Layout under data/tiny-imagenet-200 (the official archive, unpacked): train/<wnid>/
# images/*.JPEG, val/images/*.JPEG, and two lists written from wnids.txt (class index
# = line number, 0-based) and val/val_annotations.txt: meta/train.txt and
# meta/val.txt, one "<path under data/tiny-imagenet-200> <class index>" per line, the
# format of OpenMixup's train_labeled.txt / val_labeled.txt.
# The shared SGD settings (lr set here) and the 400-epoch cosine:
# ../../automix-t1-cifar/_base_/openmixup_sgd.py, cosine_400e.py.
_base_ = [
    '../../../_base_/guided_mixes.py',
    '../../automix-t1-cifar/_base_/openmixup_sgd.py',
    '../../automix-t1-cifar/_base_/cosine_400e.py',
]

data_root = 'data/tiny-imagenet-200'
data_preprocessor = dict(
    num_classes=200,
    mean=[123.675, 116.28, 103.53],
    std=[58.395, 57.12, 57.375],
    to_rgb=True)
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='RandomResizedCrop', scale=64, backend='pillow', interpolation='bicubic'),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='PackInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='PackInputs'),
]
train_dataloader = dict(
    batch_size=100,
    num_workers=4,
    dataset=dict(type='CustomDataset', data_root=data_root, ann_file='meta/train.txt',
                 pipeline=train_pipeline),
    sampler=dict(type='DefaultSampler', shuffle=True))
val_dataloader = dict(
    batch_size=100,
    num_workers=4,
    dataset=dict(type='CustomDataset', data_root=data_root, ann_file='meta/val.txt',
                 pipeline=test_pipeline),
    sampler=dict(type='DefaultSampler', shuffle=False))
val_evaluator = dict(type='Accuracy', topk=(1, 5))
test_dataloader = val_dataloader
test_evaluator = val_evaluator

optim_wrapper = dict(optimizer=dict(lr=0.2))
recipe_differences = [
    "alpha: OpenMixup's Tiny-ImageNet table (and its generated R-18 Mixup config, "
    'alpha 1), where AutoMix appendix A.1 says 0.2 for R-18',
] + _base_.recipe_differences
