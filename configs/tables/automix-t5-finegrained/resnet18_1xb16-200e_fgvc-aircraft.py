# No mix on FGVC-Aircraft: the row "Vanilla" of AutoMix Table 5.
_base_ = ['./_base_/fgvc-aircraft.py']

model = _base_.resnet18

paper_rows = [dict(paper='AutoMix', table='T5', method='Baseline', column='Aircraft R-18')]
