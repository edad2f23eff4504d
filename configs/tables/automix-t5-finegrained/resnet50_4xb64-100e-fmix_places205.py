# FMix on Places205 with the Table 2 options (_base_/mixes.py), alpha 0.2
# (appendix A.1, Places205: 0.2 for the hand-crafted mixes).
_base_ = ['./_base_/places205.py']

model = dict(_base_.resnet50, train_cfg=dict(augments=dict(_base_.fmix, alpha=0.2)))

paper_rows = [dict(paper='AutoMix', table='T5', method='FMix', column='Places205 R-50')]
recipe_differences = _base_.recipe_differences + _base_.fmix_differences
