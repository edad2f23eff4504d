# CutMix Table 8 (CIFAR-100, PyramidNet-200, alpha 240), "CutMix variants" (Sec. 5.2):
# Complete-label CutMix, 15.17 / 3.10: "assigns the mixed target label as
# y = 0.5 y_A + 0.5 y_B regardless of the combination ratio lambda". The CutMix arm of
# ../cutmix-cifar-300e/ with half-half labels (an image whose clipped box is empty,
# so not mixed, keeps its own).
_base_ = ['./_base_/pyramidnet200_2xb32-300e-cutmix_cifar100.py']

model = dict(train_cfg=dict(augments=dict(label='half')))

paper_rows = [
    dict(paper='CutMix', table='T8', group='PyramidNet-200 (a~=240)',
         method='CutMix variant: Complete-label 0.5/0.5'),
]
