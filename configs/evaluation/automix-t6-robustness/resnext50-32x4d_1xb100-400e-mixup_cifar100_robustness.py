# AutoMix Table 6, Mixup: Beta(1, 1), as Table 1's Mixup arm.
_base_ = './_base_/resnext50_cifar100_400e.py'

model = dict(train_cfg=dict(augments=dict(type='Mixup', alpha=1.0)))

paper_rows = [dict(paper='AutoMix', table='T6', method='Mixup')]
