# CutMix Table 9, Mixup on VGG-GAP: CUB-200-2011 top-1 localisation of the Mixup model.
_base_ = ['./_base_/vgg16-gap_cub_loc.py']

paper_rows = [dict(paper='CutMix', table='T9', group='VGG-GAP', method='Mixup',
                   column='CUB200 loc')]
