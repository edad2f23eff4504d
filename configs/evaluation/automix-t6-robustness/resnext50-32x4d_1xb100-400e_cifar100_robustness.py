# AutoMix Table 6, the baseline: no mix.
_base_ = './_base_/resnext50_cifar100_400e.py'

paper_rows = [dict(paper='AutoMix', table='T6', method='Baseline')]
