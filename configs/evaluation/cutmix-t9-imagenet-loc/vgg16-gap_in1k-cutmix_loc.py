# CutMix Table 9, CutMix on VGG-GAP: ImageNet top-1 localisation of the CutMix model.
_base_ = ['./_base_/vgg16-gap_in1k_loc.py']

paper_rows = [dict(paper='CutMix', table='T9', group='VGG-GAP', method='CutMix',
                   column='ImageNet loc')]
