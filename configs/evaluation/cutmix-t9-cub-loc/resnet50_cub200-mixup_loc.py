# CutMix Table 9, Mixup on ResNet-50: CUB-200-2011 top-1 localisation of the Mixup model.
_base_ = ['./_base_/resnet50_cub_loc.py']

paper_rows = [dict(paper='CutMix', table='T9', group='ResNet-50', method='Mixup',
                   column='CUB200 loc')]
