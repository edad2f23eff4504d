# AutoMix's own CIFAR recipe (automix_recipe_800e.py: the Table 1 recipe with
# OpenMixup's AutoMix changes) on CIFAR-10 as the Table 1 arms train on it
# (../../automix-t1-cifar/_base_/cifar10_sz32_bs100.py).
_base_ = [
    '../../automix-t1-cifar/_base_/cifar10_sz32_bs100.py',
    './automix_recipe_800e.py',
]

recipe_differences = _base_.recipe_differences + [
    "OpenMixup has no CIFAR-10 AutoMix config: its CIFAR-100 one's settings (the "
    'paper: the same AutoMix settings in every experiment) on the CIFAR-10 recipe',
]
