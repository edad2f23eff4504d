# FMix on FGVC-Aircraft with the Table 2 options (_base_/mixes.py), alpha 0.2
# (appendix A.1, CUB-200 and Aircraft).
_base_ = ['./_base_/fgvc-aircraft.py']

model = dict(_base_.resnet18, train_cfg=dict(augments=dict(_base_.fmix, alpha=0.2)))

paper_rows = [dict(paper='AutoMix', table='T5', method='FMix', column='Aircraft R-18')]
recipe_differences = _base_.recipe_differences + _base_.fmix_differences
