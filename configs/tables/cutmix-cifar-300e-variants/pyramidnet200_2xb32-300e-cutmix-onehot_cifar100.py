# CutMix Table 8 (CIFAR-100, PyramidNet-200, alpha 240), "CutMix variants" (Sec. 5.2):
# One-hot CutMix, 15.89 / 3.32: "decides the mixed target label by committing to the
# label of greater patch portion (single one-hot label)". The CutMix arm of
# ../cutmix-cifar-300e/ labelling each image by its larger part (its own at lambda >=
# 0.5, the rule of the reference's target_for_acc).
_base_ = ['./_base_/pyramidnet200_2xb32-300e-cutmix_cifar100.py']

model = dict(train_cfg=dict(augments=dict(label='larger')))

paper_rows = [
    dict(paper='CutMix', table='T8', group='PyramidNet-200 (a~=240)',
         method='CutMix variant: One-hot label'),
]
