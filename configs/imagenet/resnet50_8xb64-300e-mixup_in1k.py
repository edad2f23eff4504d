# + Mixup (alpha 1.0). Reported by the paper: 77.42 top-1.
_base_ = ['./resnet50_8xb64-300e_in1k.py']

model = dict(train_cfg=dict(augments=dict(type='Mixup', alpha=1.0)))
