# FMix on iNaturalist 2017 with the Table 2 options (_base_/mixes.py), alpha 1.0
# (appendix A.1, iNat2017/2018 on R-50 and RX-101).
_base_ = ['./_base_/inat2017.py']

model = dict(_base_.resnet50, train_cfg=dict(augments=dict(_base_.fmix, alpha=1.0)))

paper_rows = [dict(paper='AutoMix', table='T5', method='FMix', column='iNat17 R-50')]
recipe_differences = _base_.recipe_differences + _base_.fmix_differences
