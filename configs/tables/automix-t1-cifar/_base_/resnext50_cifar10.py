# CIFAR ResNeXt-50 (32x4d) on CIFAR-10.
_base_ = ['./resnext50-32x4d_cifar.py', './cifar10.py']
