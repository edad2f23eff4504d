# The demo with RecursiveMix (alpha 0.5) and its RoI consistency loss (omega 0.1, the
# paper's CIFAR setting). Drop `consistency` for RecursiveMix alone.
_base_ = ['./resnet18_digits_demo.py']

model = dict(
    type='mmrecmix.RecursiveMixClassifier',
    consistency=dict(type='mmrecmix.RoIConsistencyNeck', in_channels=512,
                     num_classes=10, omega=0.1),
    train_cfg=dict(augments=dict(type='mmrecmix.RecursiveMix', alpha=0.5)))
