# AutoMix on iNaturalist 2017 (alpha 2, Mix Block on stage 3): the AutoMix model of
# ../automix-t5-finegrained/_base_/models.py on the AutoMix recipe of
# _base_/inat2017_automix.py.
_base_ = ['./_base_/inat2017_automix.py']

model = _base_.automix_resnet50

paper_rows = [dict(paper='AutoMix', table='T5', method='AutoMix', column='iNat17 R-50')]
