# CutMix (Yun et al. 2019): lambda ~ Beta(0.2, 0.2), one box per batch at a uniform
# centre, clipped, lambda from the clipped box: mmpretrain's CutMix is the rule of
# OpenMixup's cutmix.py; alpha as AutoMix appendix A.1 gives it for CIFAR.
_base_ = './_base_/resnet18_cifar100.py'

model = dict(train_cfg=dict(augments=dict(type='CutMix', alpha=0.2)))

paper_rows = [
    dict(paper='AutoMix', table='T1', method='CutMix', column='C100 R-18'),
    dict(paper='AutoMix', table='T14', method='CutMix', column='R-18 800ep'),
    # The same run is Table 10's "(none)" row (its +MP arms:
    # ../automix-t10-momentum-pipeline/).
    dict(paper='AutoMix', table='T10', group='(none)', method='CutMix', column='C100'),
]
