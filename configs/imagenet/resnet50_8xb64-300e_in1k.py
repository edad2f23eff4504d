# ResNet-50 on ImageNet-1k, 300 epochs, the CutMix paper's recipe as used by the
# RecursiveMix paper (Sec. 4.2): SGD lr 0.2 for 8 GPUs x 64, momentum 0.9, wd 1e-4,
# 5 warm-up epochs, cosine decay; random-resized crop, flip, colour jitter 0.4 and PCA
# lighting 0.1. The paper reports 76.32 top-1 for this baseline.
_base_ = [
    'mmpretrain::_base_/models/resnet50.py',
    'mmpretrain::_base_/datasets/imagenet_bs64.py',
    'mmpretrain::_base_/default_runtime.py',
]

custom_imports = dict(imports=['mmrecmix'], allow_failed_imports=False)

# PCA lighting of the reference (fb.resnet.torch), on 0-255 pixel values.
lighting = dict(
    type='Lighting',
    eigval=[55.4625, 4.7940, 1.1475],
    eigvec=[[-0.5836, -0.6948, 0.4203], [-0.5808, -0.0045, -0.8140],
            [-0.5675, 0.7192, 0.4009]],
    alphastd=0.1,
    to_rgb=True)
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='RandomResizedCrop', scale=224),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='ColorJitter', brightness=0.4, contrast=0.4, saturation=0.4),
    lighting,
    dict(type='PackInputs'),
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))

optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.2, momentum=0.9, weight_decay=1e-4))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.01, by_epoch=True, begin=0, end=5,
         convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', T_max=295, by_epoch=True, begin=5, end=300),
]
train_cfg = dict(by_epoch=True, max_epochs=300, val_interval=1)
val_cfg = dict()
test_cfg = dict()
auto_scale_lr = dict(base_batch_size=512)
