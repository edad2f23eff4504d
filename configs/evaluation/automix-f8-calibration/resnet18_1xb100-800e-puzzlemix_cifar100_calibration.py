# AutoMix Figure 8: the puzzlemix arm of Table 1's CIFAR-100 ResNet-18 column.
_base_ = [
    '../../tables/automix-t1-cifar/resnet18_1xb100-800e-puzzlemix_cifar100.py',
    './_base_/calibration.py',
]

# Figure 8 is a plot: it adds no transcribed number to the arm's.
paper_rows = []
