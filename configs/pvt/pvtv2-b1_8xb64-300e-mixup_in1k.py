# + Mixup (alpha 0.8, the value of PVT's code, a DeiT fork). Reported by the paper: 76.77.
_base_ = ['./pvtv2-b1_8xb64-300e_in1k.py']

model = dict(train_cfg=dict(augments=dict(type='Mixup', alpha=0.8)))
