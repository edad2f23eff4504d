# CutMix Table 1, Baseline: ImageNet localisation of the CutMix paper's ResNet-50 Baseline arm.
_base_ = [
    '../../tables/cutmix-imagenet-300e/resnet50_4xb64-300e_in1k.py',
    './_base_/imagenet_loc.py',
]

# Table 9 prints the same run's localisation with two decimals.
paper_rows = [dict(paper='CutMix', table='T1', method='Baseline', column='ImageNet loc acc'),
              dict(paper='CutMix', table='T9', group='ResNet-50', method='Baseline',
                   column='ImageNet loc')]
