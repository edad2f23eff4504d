# RecursiveMix Table 3: ResNet-34 + RecursiveMix (alpha 0.5, omega 0.1; 17.15 top-1
# error), the mix of ../../cifar/resnet18_2xb64-200e-recursivemix_cifar100.py on
# ResNet-34 (last stage 512 channels, as ResNet-18).
_base_ = ['../../cifar/resnet18_2xb64-200e-recursivemix_cifar100.py']

model = dict(backbone=dict(depth=34))

paper_rows = [
    dict(paper='RecursiveMix', table='T3', group='ResNet-34', method='RecursiveMix'),
]
