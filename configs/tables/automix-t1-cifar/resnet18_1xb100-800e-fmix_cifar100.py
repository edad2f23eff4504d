# FMix (Harris et al. 2020): lambda ~ Beta(0.2, 0.2), decay power 3, hard mask
# (max_soft 0), one mask per batch (OpenMixup mix_args.fmix); alpha as AutoMix
# appendix A.1 gives it for CIFAR.
_base_ = './_base_/resnet18_cifar100.py'

model = dict(train_cfg=dict(augments=dict(
    type='mmrecmix.FMix', alpha=0.2, decay_power=3.0, max_soft=0.0,
    spectrum='reference')))

paper_rows = [
    dict(paper='AutoMix', table='T1', method='FMix', column='C100 R-18'),
    dict(paper='AutoMix', table='T14', method='FMix', column='R-18 800ep'),
]

recipe_differences = _base_.recipe_differences + [
    "FMix spectrum='reference': OpenMixup's masks (ecs-vlc/FMix make_low_freq_image), "
    'which hold only the width frequencies 0 and 1/W (each row one circular run), '
    "in place of the paper's full 2-D spectrum",
]
