# WRN-28-8 (OpenMixup wrn28_8_mixups_CE_none.py: depth 28, widen factor 8, stride-1
# first stage, no dropout; 128-256-512 channels; mmrecmix.WideResNet's defaults are
# OpenMixup's block: LeakyReLU 0.1, BN momentum/eps 0.001, conv biases) on CIFAR-100 as
# OpenMixup's _base_/datasets/cifar100/sz32_bs100.py: random crop 32 with 4-pixel
# reflect padding, flip, 100 images per GPU, CIFAR-10's mean/std, the test images as
# they are (../../automix-t1-cifar/_base_/cifar100_sz32_bs100.py).
_base_ = [
    '../../automix-t1-cifar/_base_/cifar100_sz32_bs100.py',
    './recipe_400e.py',
]

model = dict(
    type='ImageClassifier',
    backbone=dict(type='mmrecmix.WideResNet', depth=28, widen_factor=8,
                  out_indices=(2, )),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(type='LinearClsHead', num_classes=100, in_channels=512,
              loss=dict(type='CrossEntropyLoss', loss_weight=1.0)))
