# RecursiveMix (alpha 0.5) with the RoI consistency loss (omega 0.1, the CIFAR value).
_base_ = ['./resnet18_2xb64-200e_cifar100.py']

model = dict(
    type='mmrecmix.RecursiveMixClassifier',
    consistency=dict(type='mmrecmix.RoIConsistencyNeck', in_channels=512,
                     num_classes=100, omega=0.1),
    train_cfg=dict(augments=dict(type='mmrecmix.RecursiveMix', alpha=0.5)))

# RecursiveMix Table 3 (CIFAR-100, 200 epochs): ResNet-18 + RecursiveMix, 18.64 top-1
# error.
paper_rows = [
    dict(paper='RecursiveMix', table='T3', group='ResNet-18', method='RecursiveMix'),
]
