# AutoMix Table 8, RX-50: ResNeXt-50 (32x4d) with a 200-class head, evaluated on
# CUB-200-2011 localisation. The checkpoint is the one the arm's training gave.
_base_ = ['mmpretrain::_base_/models/resnext50_32x4d.py', './cub_wsol.py']

model = dict(head=dict(num_classes=200))
