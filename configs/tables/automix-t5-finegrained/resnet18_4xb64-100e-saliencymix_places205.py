# SaliencyMix on Places205 with the Table 2 options (_base_/mixes.py), alpha 0.2
# (appendix A.1, Places205: 0.2 for the hand-crafted mixes).
_base_ = ['./_base_/places205.py']

model = dict(_base_.resnet18, train_cfg=dict(augments=dict(_base_.saliencymix, alpha=0.2)))

paper_rows = [dict(paper='AutoMix', table='T5', method='SaliencyMix', column='Places205 R-18')]
