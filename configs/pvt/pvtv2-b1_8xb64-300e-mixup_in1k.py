_base_ = ['./pvtv2-b1_8xb64-300e_in1k.py']

model = dict(train_cfg=dict(augments=dict(type='Mixup', alpha=0.8)))
