# CIFAR ResNeXt-50 (32x4d) on CIFAR-100.
_base_ = ['./resnext50-32x4d_cifar.py', './cifar100.py']

model = dict(head=dict(num_classes=100))
