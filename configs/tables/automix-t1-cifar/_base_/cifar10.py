# CIFAR-10 as OpenMixup trains on it (cifar10_sz32_bs100.py: random crop 32 with
# 4-pixel zero padding, flip, 100 images per GPU, CIFAR-10's mean/std) in the
# 800-epoch Table 1 recipe (recipe_800e.py).
_base_ = ['./cifar10_sz32_bs100.py', './recipe_800e.py']
