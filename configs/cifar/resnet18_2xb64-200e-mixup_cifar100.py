# + Mixup (alpha 1.0, the Mixup paper's CIFAR value) on CIFAR-100.
_base_ = ['./resnet18_2xb64-200e_cifar100.py']

model = dict(train_cfg=dict(augments=dict(type='Mixup', alpha=1.0)))

# RecursiveMix Table 3 (CIFAR-100, 200 epochs): ResNet-18 + Mixup, 20.99 top-1 error.
paper_rows = [
    dict(paper='RecursiveMix', table='T3', group='ResNet-18', method='Mixup'),
]
