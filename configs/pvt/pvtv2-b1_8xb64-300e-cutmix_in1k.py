_base_ = ['./pvtv2-b1_8xb64-300e_in1k.py']

model = dict(
    train_cfg=dict(augments=dict(type='mmrecmix.CutMix', alpha=1.0, prob=1.0)))

# RecursiveMix Table 5 (ImageNet-1k, 300 epochs): PVTv2-B1 + CutMix, 22.92 / 6.42 top-1
# / top-5 error.
paper_rows = [dict(paper='RecursiveMix', table='T5', group='PVTv2-B1', method='CutMix')]
