# AutoMix Table 8, R-18: an ImageNet-style ResNet-18 with a 200-class head, evaluated
# on CUB-200-2011 localisation. The checkpoint is the one the arm's training gave.
_base_ = ['mmpretrain::_base_/models/resnet18.py', './cub_wsol.py']

model = dict(head=dict(num_classes=200))
