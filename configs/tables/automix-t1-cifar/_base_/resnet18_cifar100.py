# CIFAR ResNet-18 (see resnet18_cifar10.py) on CIFAR-100.
_base_ = ['mmpretrain::_base_/models/resnet18_cifar.py', './cifar100.py']

model = dict(head=dict(num_classes=100))
