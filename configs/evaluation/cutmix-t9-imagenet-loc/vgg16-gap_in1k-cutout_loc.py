# CutMix Table 9, Cutout on VGG-GAP: ImageNet top-1 localisation of the Cutout model.
_base_ = ['./_base_/vgg16-gap_in1k_loc.py']

paper_rows = [dict(paper='CutMix', table='T9', group='VGG-GAP', method='Cutout',
                   column='ImageNet loc')]
