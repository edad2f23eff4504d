# CutMix Table 6 (CIFAR-100): ResNet-110, the baseline, 23.14 / 5.95 top-1 / top-5
# error: the PyramidNet-200 recipe (Sec. 4.1.2) of
# ../cutmix-cifar-300e/_base_/pyramidnet200_2xb32-300e_cifar100.py with the backbone
# swapped for clovaai/CutMix-PyTorch's resnet.py CIFAR ResNet (mmrecmix.CIFARResNet).
# train.py builds it with its default bottleneck blocks (--no-bottleneck is the only
# switch; 110 = 9 x 12 + 2): 1.15 M parameters without the classifier, 1.17 M with it,
# the only form that fits the table's 1.1 M (basic blocks: 1.74 M). Last stage:
# 4 x 64 = 256 channels.
_base_ = ['../cutmix-cifar-300e/_base_/pyramidnet200_2xb32-300e_cifar100.py']

model = dict(
    backbone=dict(_delete_=True, type='mmrecmix.CIFARResNet', depth=110,
                  bottleneck=True),
    head=dict(in_channels=256))

paper_rows = [
    dict(paper='CutMix', table='T6', group='ResNet-110', method='Baseline'),
]
recipe_differences = _base_.recipe_differences + [
    "ResNet-110 of bottleneck blocks (9 x 12 + 2, 256 channels; CutMix-PyTorch's "
    "default and Table 6's 1.1 M), not the basic blocks (6 x 18 + 2, 1.7 M) of He et "
    "al., whom the table cites",
]
