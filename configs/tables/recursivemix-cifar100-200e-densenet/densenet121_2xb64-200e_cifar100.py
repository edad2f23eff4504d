# RecursiveMix Table 3 (CIFAR-100, 200 epochs): DenseNet-121 (growth 32, blocks
# 6-12-24-16) as the authors' models_cifar/densenet.py densenet121 builds it
# (mmrecmix.DenseNet_CIFAR), the baseline (19.51 top-1 error, mean of 3 runs), in
# the 200-epoch setting (Sec. 4.1) of ../../cifar/resnet18_2xb64-200e_cifar100.py.
# Last stage: 1024 channels.
_base_ = ['../../cifar/resnet18_2xb64-200e_cifar100.py', './_base_/densenet_cifar.py']

model = dict(
    backbone=dict(_delete_=True, type='mmrecmix.DenseNet_CIFAR', arch='121'),
    head=dict(in_channels=1024))

paper_rows = [
    dict(paper='RecursiveMix', table='T3', group='DenseNet-121', method='Baseline'),
]
recipe_differences = _base_.recipe_differences + _base_.densenet_differences
