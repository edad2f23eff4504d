# No mix: the table's "Vanilla" row.
_base_ = './_base_/resnext50_tiny-imagenet.py'

paper_rows = [
    dict(paper='AutoMix', table='T1', method='Baseline', column='Tiny RX-50'),
]
