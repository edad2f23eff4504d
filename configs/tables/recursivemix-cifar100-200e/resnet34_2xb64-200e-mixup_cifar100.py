# RecursiveMix Table 3: ResNet-34 + Mixup (19.19 top-1 error), the mix of
# ../../cifar/resnet18_2xb64-200e-mixup_cifar100.py on ResNet-34.
_base_ = ['../../cifar/resnet18_2xb64-200e-mixup_cifar100.py']

model = dict(backbone=dict(depth=34))

paper_rows = [dict(paper='RecursiveMix', table='T3', group='ResNet-34', method='Mixup')]
