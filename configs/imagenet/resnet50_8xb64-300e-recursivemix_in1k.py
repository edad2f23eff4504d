# + RecursiveMix (alpha 0.5) with its RoI consistency loss (omega 0.5). Reported by the
# paper: 79.20 top-1.
_base_ = ['./resnet50_8xb64-300e_in1k.py']

model = dict(
    type='mmrecmix.RecursiveMixClassifier',
    consistency=dict(type='mmrecmix.RoIConsistencyNeck', in_channels=2048,
                     num_classes=1000, omega=0.5),
    train_cfg=dict(augments=dict(type='mmrecmix.RecursiveMix', alpha=0.5)))

# RecursiveMix Tables 5 and 6 (ImageNet-1k, 300 epochs): 20.80 / 5.42 top-1 / top-5
# error. (Their ResNet-50 baseline, Mixup and CutMix rows are the CutMix paper's step-lr
# runs, copied: configs/tables/cutmix-imagenet-300e/ carries them.)
paper_rows = [
    dict(paper='RecursiveMix', table='T5', group='ResNet-50', method='RecursiveMix'),
    dict(paper='RecursiveMix', table='T6', group='ResNet-50', method='RecursiveMix'),
]
