# CutMix Table 8 (CIFAR-100, PyramidNet-200, alpha 240), "CutMix variants" (Sec. 5.2):
# Scheduled CutMix, 14.72 / 3.17: "linearly increases the probability to apply CutMix
# as training progresses, as done by [8, 17], from 0 to 1". The CutMix arm of
# ../cutmix-cifar-300e/ whose probability TrainProgressHook raises from 0 to 1 with
# the iterations. Its own folder because the hook is not the other arms'.
_base_ = ['../cutmix-cifar-300e/pyramidnet200_2xb32-300e-cutmix_cifar100.py']

model = dict(train_cfg=dict(augments=dict(prob=1.0, scheduled_prob=True)))
custom_hooks = [dict(type='mmrecmix.TrainProgressHook')]

paper_rows = [
    dict(paper='CutMix', table='T8', group='PyramidNet-200 (a~=240)',
         method='CutMix variant: Scheduled prob 0->1'),
]
recipe_differences = _base_.recipe_differences + [
    'the paper does not say how often the probability grows: every iteration here, '
    'as the DropBlock schedule it cites',
]
