# Mixup (Zhang et al. 2018): one lambda ~ Beta(1.0, 1.0) per batch; alpha as AutoMix
# appendix A.1 gives it for CIFAR.
_base_ = './_base_/resnet18_cifar100.py'

model = dict(train_cfg=dict(augments=dict(type='Mixup', alpha=1.0)))

paper_rows = [
    dict(paper='AutoMix', table='T1', method='Mixup', column='C100 R-18'),
    dict(paper='AutoMix', table='T14', method='Mixup', column='R-18 800ep'),
    # The same run is Table 10's "(none)" row (its +MP arms:
    # ../automix-t10-momentum-pipeline/).
    dict(paper='AutoMix', table='T10', group='(none)', method='Mixup', column='C100'),
]
