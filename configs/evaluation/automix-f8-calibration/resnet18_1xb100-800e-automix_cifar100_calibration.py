# AutoMix Figure 8: AutoMix on CIFAR-100 ResNet-18 (ECE 2.3 % in the text).
_base_ = [
    '../../automix/resnet18_1xb100-800e-automix_cifar100.py',
    './_base_/calibration.py',
]

# Figure 8 is a plot: it adds no transcribed number to the arm's.
paper_rows = []
