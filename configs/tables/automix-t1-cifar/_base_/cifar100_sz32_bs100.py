# CIFAR-100 as OpenMixup's _base_/datasets/cifar100/sz32_bs100.py: random crop 32 with
# 4-pixel reflect padding, horizontal flip, 100 images per GPU, and CIFAR-10's mean/std
# (OpenMixup normalises CIFAR-100 with them too); the test images as they are.
_base_ = ['mmpretrain::_base_/datasets/cifar100_bs16.py', '../../../_base_/guided_mixes.py']

data_preprocessor = dict(
    num_classes=100, mean=[125.307, 122.961, 113.8575], std=[51.5865, 50.847, 51.255])
train_pipeline = [
    dict(type='RandomCrop', crop_size=32, padding=4, padding_mode='reflect'),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='PackInputs'),
]
train_dataloader = dict(batch_size=100, dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(batch_size=100)
test_dataloader = val_dataloader
