# No mix: the table's "Vanilla" row.
_base_ = './_base_/resnet18_cifar100.py'

paper_rows = [
    dict(paper='AutoMix', table='T1', method='Baseline', column='C100 R-18'),
    dict(paper='AutoMix', table='T14', method='Baseline', column='R-18 800ep'),
]
