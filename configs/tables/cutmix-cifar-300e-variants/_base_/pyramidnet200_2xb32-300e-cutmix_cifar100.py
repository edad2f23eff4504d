# What the CutMix variants of CutMix Table 8 (Sec. 5.2) share: the CutMix arm of
# ../../cutmix-cifar-300e/ (Beta(1, 1), probability 0.5), each variant changing one
# option of mmrecmix.CutMix.
_base_ = ['../../cutmix-cifar-300e/pyramidnet200_2xb32-300e-cutmix_cifar100.py']

recipe_differences = _base_.recipe_differences + [
    'the paper gives no mixing probability for the variants: CutMix\'s 0.5',
]
