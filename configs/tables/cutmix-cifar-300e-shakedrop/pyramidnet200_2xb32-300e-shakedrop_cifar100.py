# CutMix Table 5 (CIFAR-100, PyramidNet-200, alpha 240): + ShakeDrop (Yamada et al.
# 2018), 15.08 / 2.72 top-1 / top-5 error. The baseline arm of ../cutmix-cifar-300e/
# with ShakeDrop on every unit's residual branch, as the ShakeDrop authors' PyramidNet
# (imenurok/ShakeDrop, pyramidnet.lua and ShakeDrop.lua): the last unit's drop
# probability 0.5 (p_L = 0.5), unit l of 66 l / 66 x 0.5, alpha ~ U(-1, 1) forward and
# beta ~ U(0, 1) backward per element, one gate per mini-batch. Its own folder because
# the network differs from the other arms', not the mix.
_base_ = ['../cutmix-cifar-300e/pyramidnet200_2xb32-300e_cifar100.py']

model = dict(backbone=dict(shake_drop_rate=0.5))

paper_rows = [
    dict(paper='CutMix', table='T5', group='PyramidNet-200 (a~=240)', method='ShakeDrop'),
]
recipe_differences = _base_.recipe_differences + [
    'ShakeDrop: the CutMix paper gives no setting; the ShakeDrop paper\'s (p_L 0.5, '
    'linear rule, alpha in [-1, 1], beta in [0, 1]) drawn as its authors\' code does',
]
