# No mix on iNaturalist 2018: the row "Vanilla" of AutoMix Table 5.
_base_ = ['./_base_/inat2018.py']

model = _base_.resnext101

paper_rows = [dict(paper='AutoMix', table='T5', method='Baseline', column='iNat18 RX-101')]
