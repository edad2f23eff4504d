# The demo with mmpretrain's own CutMix, for comparison.
_base_ = ['./resnet18_digits_demo.py']

model = dict(train_cfg=dict(augments=dict(type='CutMix', alpha=1.0)))
