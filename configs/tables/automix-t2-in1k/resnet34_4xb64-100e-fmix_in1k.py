# FMix (Harris et al. 2020): lambda ~ Beta(1.0, 1.0), decay power 3, hard mask
# (max_soft 0), one mask per batch (OpenMixup mix_args.fmix); alpha as OpenMixup's
# ImageNet benchmark table gives it.
_base_ = [
    'mmpretrain::_base_/models/resnet34.py',
    './_base_/pytorch-style_100e.py',
]

model = dict(train_cfg=dict(augments=dict(
    type='mmrecmix.FMix', alpha=1.0, decay_power=3.0, max_soft=0.0,
    spectrum='reference')))

paper_rows = [
    dict(paper='AutoMix', table='T2', method='FMix', column='100ep R-34'),
]

recipe_differences = _base_.recipe_differences + [
    "FMix spectrum='reference': OpenMixup's masks (ecs-vlc/FMix make_low_freq_image), "
    'which hold only the width frequencies 0 and 1/W (each row one circular run), '
    "in place of the paper's full 2-D spectrum",
]
