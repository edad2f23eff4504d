# ResizeMix on iNaturalist 2018: tau ~ U(0.1, 0.8), nearest resizing (_base_/mixes.py).
_base_ = ['./_base_/inat2018.py']

model = dict(_base_.resnext101, train_cfg=dict(augments=_base_.resizemix))

paper_rows = [dict(paper='AutoMix', table='T5', method='ResizeMix', column='iNat18 RX-101')]
