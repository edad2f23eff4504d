# RecursiveMix (alpha 0.5) with the RoI consistency loss (omega 0.1, the CIFAR value).
_base_ = ['./resnet18_2xb64-200e_cifar100.py']

model = dict(
    type='mmrecmix.RecursiveMixClassifier',
    consistency=dict(type='mmrecmix.RoIConsistencyNeck', in_channels=512,
                     num_classes=100, omega=0.1),
    train_cfg=dict(augments=dict(type='mmrecmix.RecursiveMix', alpha=0.5)))
