# CIFAR ResNet-18 (3x3 stride-1 stem, no max-pool: OpenMixup's ResNet_CIFAR, as the
# paper uses for Tiny-ImageNet) with a 200-class head.
_base_ = ['mmpretrain::_base_/models/resnet18_cifar.py', './tiny-imagenet.py']

model = dict(head=dict(num_classes=200))
