# CutMix Table 8 (CIFAR-100, PyramidNet-200, alpha 240), "CutMix variants" (Sec. 5.2):
# Fixed-size CutMix, 14.97 / 3.15: "fixes the size of cropping region (r_w, r_h) at
# 16 x 16 (i.e. lambda = 0.75)". The CutMix arm of ../cutmix-cifar-300e/ with lambda
# fixed at 0.75 (a 16 x 16 box at a uniform centre, clipped at the border as CutMix's
# box, the labels by the pasted area).
_base_ = ['./_base_/pyramidnet200_2xb32-300e-cutmix_cifar100.py']

model = dict(train_cfg=dict(augments=dict(fixed_lam=0.75)))

paper_rows = [
    dict(paper='CutMix', table='T8', group='PyramidNet-200 (a~=240)',
         method='CutMix variant: Fixed-size 16x16'),
]
recipe_differences = _base_.recipe_differences + [
    'the paper does not say whether the fixed 16 x 16 box is clipped at the border: '
    'clipped as CutMix\'s box, lambda from the pasted area',
]
