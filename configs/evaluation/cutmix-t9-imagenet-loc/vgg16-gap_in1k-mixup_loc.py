# CutMix Table 9, Mixup on VGG-GAP: ImageNet top-1 localisation of the Mixup model.
_base_ = ['./_base_/vgg16-gap_in1k_loc.py']

paper_rows = [dict(paper='CutMix', table='T9', group='VGG-GAP', method='Mixup',
                   column='ImageNet loc')]
