# ResizeMix on Places205: tau ~ U(0.1, 0.8), nearest resizing (_base_/mixes.py).
_base_ = ['./_base_/places205.py']

model = dict(_base_.resnet50, train_cfg=dict(augments=_base_.resizemix))

paper_rows = [dict(paper='AutoMix', table='T5', method='ResizeMix', column='Places205 R-50')]
