# AutoMix's own CIFAR recipe (automix_recipe_800e.py: the Table 1 recipe with
# OpenMixup's AutoMix changes, from configs/classification/cifar100/automix/basic/
# {r18,rx50}_l2_a2_near_L1_01_mlr5e_2.py) on CIFAR-100 as the Table 1 arms train on it
# (../../automix-t1-cifar/_base_/cifar100_sz32_bs100.py).
_base_ = [
    '../../automix-t1-cifar/_base_/cifar100_sz32_bs100.py',
    './automix_recipe_800e.py',
]
