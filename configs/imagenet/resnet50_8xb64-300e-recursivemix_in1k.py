# + RecursiveMix (alpha 0.5) with its RoI consistency loss (omega 0.5). Reported by the
# paper: 79.20 top-1.
_base_ = ['./resnet50_8xb64-300e_in1k.py']

model = dict(
    type='mmrecmix.RecursiveMixClassifier',
    consistency=dict(type='mmrecmix.RoIConsistencyNeck', in_channels=2048,
                     num_classes=1000, omega=0.5),
    train_cfg=dict(augments=dict(type='mmrecmix.RecursiveMix', alpha=0.5)))
