# CutMix on Places205, alpha 0.2 (appendix A.1, Places205: 0.2 for the hand-crafted mixes).
_base_ = ['./_base_/places205.py']

model = dict(_base_.resnet18, train_cfg=dict(augments=dict(type='CutMix', alpha=0.2)))

paper_rows = [dict(paper='AutoMix', table='T5', method='CutMix', column='Places205 R-18')]
