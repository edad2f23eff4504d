# No mix on CUB-200-2011: the row "Vanilla" of AutoMix Table 5.
_base_ = ['./_base_/cub.py']

model = _base_.resnet18

paper_rows = [dict(paper='AutoMix', table='T5', method='Baseline', column='CUB R-18')]
