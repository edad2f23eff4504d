# CutMix (Yun et al. 2019): lambda ~ Beta(1.0, 1.0), one box per batch at a uniform
# centre, clipped, lambda from the clipped box: mmpretrain's CutMix is the rule of
# OpenMixup's cutmix.py; alpha as OpenMixup's Tiny-ImageNet benchmark table gives it.
_base_ = './_base_/resnet18_tiny-imagenet.py'

model = dict(train_cfg=dict(augments=dict(type='CutMix', alpha=1.0)))

paper_rows = [
    dict(paper='AutoMix', table='T1', method='CutMix', column='Tiny R-18'),
]
