# No mix: the table's "Vanilla" row.
_base_ = './_base_/resnet18_cifar10.py'

paper_rows = [
    dict(paper='AutoMix', table='T1', method='Baseline', column='C10 R-18'),
    dict(paper='AutoMix', table='T13', method='Baseline', column='R-18 800ep'),
]
