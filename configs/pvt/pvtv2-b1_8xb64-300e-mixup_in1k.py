# + Mixup (alpha 0.8, the value of PVT's code, a DeiT fork). Reported by the paper: 76.77.
_base_ = ['./pvtv2-b1_8xb64-300e_in1k.py']

model = dict(train_cfg=dict(augments=dict(type='Mixup', alpha=0.8)))

# RecursiveMix Table 5 (ImageNet-1k, 300 epochs): PVTv2-B1 + Mixup, 23.23 / 6.65 top-1 /
# top-5 error.
paper_rows = [dict(paper='RecursiveMix', table='T5', group='PVTv2-B1', method='Mixup')]
