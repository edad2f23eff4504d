# No mix on iNaturalist 2017: the row "Vanilla" of AutoMix Table 5.
_base_ = ['./_base_/inat2017.py']

model = _base_.resnet50

paper_rows = [dict(paper='AutoMix', table='T5', method='Baseline', column='iNat17 R-50')]
