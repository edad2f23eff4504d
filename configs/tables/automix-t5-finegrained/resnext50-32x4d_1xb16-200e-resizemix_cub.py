# ResizeMix on CUB-200-2011: tau ~ U(0.1, 0.8), nearest resizing (_base_/mixes.py).
_base_ = ['./_base_/cub.py']

model = dict(_base_.resnext50, train_cfg=dict(augments=_base_.resizemix))

paper_rows = [dict(paper='AutoMix', table='T5', method='ResizeMix', column='CUB RX-50')]
