# + Mixup (alpha 1.0, the Mixup paper's CIFAR value).
_base_ = ['./resnet18_2xb64-200e_cifar10.py']

model = dict(train_cfg=dict(augments=dict(type='Mixup', alpha=1.0)))
