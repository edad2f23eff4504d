# RecursiveMix Table 3: DenseNet-121 + Mixup (17.71 top-1 error), the mix of
# ../../cifar/resnet18_2xb64-200e-mixup_cifar100.py on the DenseNet-121 of
# densenet121_2xb64-200e_cifar100.py.
_base_ = [
    '../../cifar/resnet18_2xb64-200e-mixup_cifar100.py',
    './_base_/densenet_cifar.py',
]

model = dict(
    backbone=dict(_delete_=True, type='mmrecmix.DenseNet_CIFAR', arch='121'),
    head=dict(in_channels=1024))

paper_rows = [
    dict(paper='RecursiveMix', table='T3', group='DenseNet-121', method='Mixup'),
]
recipe_differences = _base_.recipe_differences + _base_.densenet_differences
