# No mix: the table's "Vanilla" row.
_base_ = [
    'mmpretrain::_base_/models/resnet18.py',
    './_base_/pytorch-style_100e.py',
]

paper_rows = [
    dict(paper='AutoMix', table='T2', method='Baseline', column='100ep R-18'),
]
