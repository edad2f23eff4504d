# CutMix as its reference runs it on CIFAR: Beta(1, 1), applied with probability 0.5.
_base_ = ['./resnet18_2xb64-200e_cifar100.py']

model = dict(
    train_cfg=dict(augments=dict(type='mmrecmix.CutMix', alpha=1.0, prob=0.5)))

# RecursiveMix Table 3 (CIFAR-100, 200 epochs): ResNet-18 + CutMix, 19.61 top-1 error.
paper_rows = [
    dict(paper='RecursiveMix', table='T3', group='ResNet-18', method='CutMix'),
]
