# The main job: a CIFAR-style ResNet-18 trained on scikit-learn's 8x8 digits (shipped
# inside scikit-learn, no download), upsampled to 16x16. Ten epochs take a couple of
# minutes on 2 CPU cores and reach ~99% top-1 on the held-out fifth of the data.
_base_ = ['mmpretrain::_base_/default_runtime.py']

custom_imports = dict(imports=['mmrecmix'], allow_failed_imports=False)

model = dict(
    type='ImageClassifier',
    backbone=dict(type='ResNet_CIFAR', depth=18, num_stages=4,
                  out_indices=(3, ), style='pytorch'),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(
        type='LinearClsHead',
        num_classes=10,
        in_channels=512,
        loss=dict(type='CrossEntropyLoss', loss_weight=1.0),
        topk=(1, )))

# Grey levels 0-255, the same on all three channels.
data_preprocessor = dict(
    num_classes=10, mean=[85.0] * 3, std=[95.0] * 3, to_rgb=False)

image_size = 16
train_pipeline = [
    dict(type='Resize', scale=(image_size, image_size), interpolation='bilinear'),
    dict(type='PackInputs'),
]
test_pipeline = train_pipeline

train_dataloader = dict(
    batch_size=32,
    num_workers=0,
    dataset=dict(type='mmrecmix.Digits', split='train', pipeline=train_pipeline),
    sampler=dict(type='DefaultSampler', shuffle=True))
val_dataloader = dict(
    batch_size=64,
    num_workers=0,
    dataset=dict(type='mmrecmix.Digits', split='val', pipeline=test_pipeline),
    sampler=dict(type='DefaultSampler', shuffle=False))
val_evaluator = dict(type='Accuracy', topk=(1, ))
test_dataloader = val_dataloader
test_evaluator = val_evaluator

optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.05, momentum=0.9, weight_decay=5e-4))
# A 20-iteration linear warm-up on top of a cosine decay over the 10 epochs.
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=False, begin=0, end=20),
    dict(type='CosineAnnealingLR', by_epoch=True, T_max=10,
         convert_to_iter_based=True),
]
train_cfg = dict(by_epoch=True, max_epochs=10, val_interval=2)
val_cfg = dict()
test_cfg = dict()
auto_scale_lr = dict(base_batch_size=32)

default_hooks = dict(
    logger=dict(type='LoggerHook', interval=10),
    checkpoint=dict(type='CheckpointHook', interval=2, max_keep_ckpts=2,
                    save_best='auto'))
randomness = dict(seed=0, deterministic=False)
