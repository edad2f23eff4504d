# FMix (Harris et al. 2020): lambda ~ Beta(1.0, 1.0), decay power 3, hard mask
# (max_soft 0), one mask per batch (OpenMixup mix_args.fmix); alpha as OpenMixup's
# Tiny-ImageNet benchmark table gives it.
_base_ = './_base_/resnet18_tiny-imagenet.py'

model = dict(train_cfg=dict(augments=dict(
    type='mmrecmix.FMix', alpha=1.0, decay_power=3.0, max_soft=0.0)))

paper_rows = [
    dict(paper='AutoMix', table='T1', method='FMix', column='Tiny R-18'),
]
