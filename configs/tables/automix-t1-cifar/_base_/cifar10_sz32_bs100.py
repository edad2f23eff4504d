# CIFAR-10 as OpenMixup's _base_/datasets/cifar10/sz32_bs100.py: random crop 32 with
# 4-pixel zero padding, horizontal flip, 100 images per GPU; CIFAR-10's mean/std
# ([0.4914, 0.4822, 0.4465], [0.2023, 0.1994, 0.201], x 255 here: mmpretrain's
# cifar10 base has exactly these); the test images as they are.
_base_ = ['mmpretrain::_base_/datasets/cifar10_bs16.py', '../../../_base_/guided_mixes.py']

train_dataloader = dict(batch_size=100)
val_dataloader = dict(batch_size=100)
test_dataloader = val_dataloader
