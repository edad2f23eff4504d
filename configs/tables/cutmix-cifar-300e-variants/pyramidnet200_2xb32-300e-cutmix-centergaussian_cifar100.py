# CutMix Table 8 (CIFAR-100, PyramidNet-200, alpha 240), "CutMix variants" (Sec. 5.2):
# Center Gaussian CutMix, 15.95 / 3.40: "samples the box coordinates r_x, r_y of
# Equation (2) according to the Gaussian distribution with mean at the image center".
# The CutMix arm of ../cutmix-cifar-300e/ (Beta(1, 1), probability 0.5) with the box
# centre drawn from N(16, 8^2) on each axis, rounded and clipped to the image.
_base_ = ['./_base_/pyramidnet200_2xb32-300e-cutmix_cifar100.py']

model = dict(train_cfg=dict(augments=dict(center_std=0.25)))

paper_rows = [
    dict(paper='CutMix', table='T8', group='PyramidNet-200 (a~=240)',
         method='CutMix variant: Center Gaussian'),
]
recipe_differences = _base_.recipe_differences + [
    'the paper gives no standard deviation for the Gaussian centre: a quarter of '
    'the side (8 pixels) here',
]
