_base_ = ['./pvtv2-b1_8xb64-300e_in1k.py']

model = dict(
    train_cfg=dict(augments=dict(type='mmrecmix.CutMix', alpha=1.0, prob=1.0)))
