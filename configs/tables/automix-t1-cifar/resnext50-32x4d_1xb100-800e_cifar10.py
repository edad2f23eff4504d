# No mix: the table's "Vanilla" row.
_base_ = './_base_/resnext50_cifar10.py'

paper_rows = [
    dict(paper='AutoMix', table='T1', method='Baseline', column='C10 RX-50'),
    dict(paper='AutoMix', table='T13', method='Baseline', column='RX-50 800ep'),
]
