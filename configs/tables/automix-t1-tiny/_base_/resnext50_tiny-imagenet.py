# CIFAR ResNeXt-50 (32x4d) (OpenMixup's ResNeXt_CIFAR: depth 50, groups 32, width 4;
# ../../automix-t1-cifar/_base_/resnext50-32x4d_cifar.py) with a 200-class head.
_base_ = [
    '../../automix-t1-cifar/_base_/resnext50-32x4d_cifar.py',
    './tiny-imagenet.py',
]

model = dict(head=dict(num_classes=200))
