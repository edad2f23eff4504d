# RecursiveMix (alpha 0.5) with the RoI consistency loss (omega 0.5) on the last stage
# (512 channels, 7x7 at 224 px).
_base_ = ['./pvtv2-b1_8xb64-300e_in1k.py']

model = dict(
    type='mmrecmix.RecursiveMixClassifier',
    consistency=dict(type='mmrecmix.RoIConsistencyNeck', in_channels=512,
                     num_classes=1000, omega=0.5),
    train_cfg=dict(augments=dict(type='mmrecmix.RecursiveMix', alpha=0.5)))

# RecursiveMix Table 5 (ImageNet-1k, 300 epochs): PVTv2-B1 + RecursiveMix, 22.22 / 6.17
# top-1 / top-5 error.
paper_rows = [
    dict(paper='RecursiveMix', table='T5', group='PVTv2-B1', method='RecursiveMix'),
]
