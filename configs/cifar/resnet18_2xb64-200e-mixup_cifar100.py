# + Mixup (alpha 1.0, the Mixup paper's CIFAR value) on CIFAR-100.
_base_ = ['./resnet18_2xb64-200e_cifar100.py']

model = dict(train_cfg=dict(augments=dict(type='Mixup', alpha=1.0)))
