# No mix: the table's "Vanilla" row.
_base_ = [
    'mmpretrain::_base_/models/resnet50.py',
    './_base_/pytorch-style_300e.py',
]

paper_rows = [
    dict(paper='AutoMix', table='T2', method='Baseline', column='300ep R-50'),
]
