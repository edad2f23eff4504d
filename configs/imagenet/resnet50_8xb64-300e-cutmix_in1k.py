# + CutMix (Beta(1, 1), every batch, as the CutMix reference on ImageNet). Reported by
# the paper: 78.60 top-1.
_base_ = ['./resnet50_8xb64-300e_in1k.py']

model = dict(
    train_cfg=dict(augments=dict(type='mmrecmix.CutMix', alpha=1.0, prob=1.0)))
