# No mix on Places205: the row "Vanilla" of AutoMix Table 5.
_base_ = ['./_base_/places205.py']

model = _base_.resnet50

paper_rows = [dict(paper='AutoMix', table='T5', method='Baseline', column='Places205 R-50')]
