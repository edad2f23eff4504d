# ResizeMix (Qin et al. 2020): the partner resized by tau ~ U(0.1, 0.8) (OpenMixup
# mix_args.resizemix scope) with nearest resizing (its interpolate_mode default),
# pasted, labels by area; OpenMixup runs it with alpha 1.0 (use_alpha); alpha as
# AutoMix appendix A.1 gives it for CIFAR.
_base_ = './_base_/resnet18_cifar100.py'

model = dict(train_cfg=dict(augments=dict(
    type='mmrecmix.ResizeMix', scale=(0.1, 0.8), interpolation='nearest')))

paper_rows = [
    dict(paper='AutoMix', table='T1', method='ResizeMix', column='C100 R-18'),
    dict(paper='AutoMix', table='T14', method='ResizeMix', column='R-18 800ep'),
]
