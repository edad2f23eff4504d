# CIFAR ResNet-18 (mmpretrain's ResNet_CIFAR: the stem of OpenMixup's ResNet_CIFAR, a
# 3x3 stride-1 conv without max-pool; the same init: Kaiming fan-out convs, BN 1/0 with
# the last BN of each block at 0, head N(0, 0.01)) on CIFAR-10.
_base_ = ['mmpretrain::_base_/models/resnet18_cifar.py', './cifar10.py']
