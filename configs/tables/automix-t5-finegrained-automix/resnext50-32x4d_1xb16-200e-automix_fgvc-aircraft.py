# AutoMix on FGVC-Aircraft (alpha 2, Mix Block on stage 3): the AutoMix model of
# ../automix-t5-finegrained/_base_/models.py on the AutoMix recipe of
# _base_/fgvc-aircraft_automix.py.
_base_ = ['./_base_/fgvc-aircraft_automix.py']

model = _base_.automix_resnext50

paper_rows = [dict(paper='AutoMix', table='T5', method='AutoMix', column='Aircraft RX-50')]
