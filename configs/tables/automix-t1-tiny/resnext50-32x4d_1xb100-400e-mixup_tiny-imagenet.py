# Mixup (Zhang et al. 2018): one lambda ~ Beta(1.0, 1.0) per batch; alpha as
# OpenMixup's Tiny-ImageNet benchmark table gives it.
_base_ = './_base_/resnext50_tiny-imagenet.py'

model = dict(train_cfg=dict(augments=dict(type='Mixup', alpha=1.0)))

paper_rows = [
    dict(paper='AutoMix', table='T1', method='Mixup', column='Tiny RX-50'),
]
