# CutMix Table 9, Cutout on VGG-GAP: CUB-200-2011 top-1 localisation of the Cutout model.
_base_ = ['./_base_/vgg16-gap_cub_loc.py']

paper_rows = [dict(paper='CutMix', table='T9', group='VGG-GAP', method='Cutout',
                   column='CUB200 loc')]
