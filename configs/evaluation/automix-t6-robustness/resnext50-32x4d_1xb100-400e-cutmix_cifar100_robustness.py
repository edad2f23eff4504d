# AutoMix Table 6, CutMix: Beta(0.2, 0.2), as Table 1's CutMix arm.
_base_ = './_base_/resnext50_cifar100_400e.py'

model = dict(train_cfg=dict(augments=dict(type='CutMix', alpha=0.2)))

paper_rows = [dict(paper='AutoMix', table='T6', method='CutMix')]
