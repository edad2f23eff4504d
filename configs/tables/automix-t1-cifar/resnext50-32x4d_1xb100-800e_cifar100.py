# No mix: the table's "Vanilla" row.
_base_ = './_base_/resnext50_cifar100.py'

paper_rows = [
    dict(paper='AutoMix', table='T1', method='Baseline', column='C100 RX-50'),
    dict(paper='AutoMix', table='T14', method='Baseline', column='RX-50 800ep'),
]
