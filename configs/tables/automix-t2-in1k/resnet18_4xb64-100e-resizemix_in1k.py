# ResizeMix (Qin et al. 2020): the partner resized by tau ~ U(0.1, 0.8) (OpenMixup
# mix_args.resizemix scope) with nearest resizing (its interpolate_mode default),
# pasted, labels by area; OpenMixup runs it with alpha 0.2 (use_alpha); alpha as
# OpenMixup's ImageNet benchmark table gives it.
_base_ = [
    'mmpretrain::_base_/models/resnet18.py',
    './_base_/pytorch-style_100e.py',
]

model = dict(train_cfg=dict(augments=dict(
    type='mmrecmix.ResizeMix', scale=(0.1, 0.8), interpolation='nearest')))

paper_rows = [
    dict(paper='AutoMix', table='T2', method='ResizeMix', column='100ep R-18'),
]
