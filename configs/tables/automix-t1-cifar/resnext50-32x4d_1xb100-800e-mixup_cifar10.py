# Mixup (Zhang et al. 2018): one lambda ~ Beta(1.0, 1.0) per batch; alpha as AutoMix
# appendix A.1 gives it for CIFAR.
_base_ = './_base_/resnext50_cifar10.py'

model = dict(train_cfg=dict(augments=dict(type='Mixup', alpha=1.0)))

paper_rows = [
    dict(paper='AutoMix', table='T1', method='Mixup', column='C10 RX-50'),
    dict(paper='AutoMix', table='T13', method='Mixup', column='RX-50 800ep'),
]
