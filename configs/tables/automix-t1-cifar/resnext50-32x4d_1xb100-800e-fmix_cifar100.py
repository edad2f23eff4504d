# FMix (Harris et al. 2020): lambda ~ Beta(0.2, 0.2), decay power 3, hard mask
# (max_soft 0), one mask per batch (OpenMixup mix_args.fmix); alpha as AutoMix
# appendix A.1 gives it for CIFAR.
_base_ = './_base_/resnext50_cifar100.py'

model = dict(train_cfg=dict(augments=dict(
    type='mmrecmix.FMix', alpha=0.2, decay_power=3.0, max_soft=0.0)))

paper_rows = [
    dict(paper='AutoMix', table='T1', method='FMix', column='C100 RX-50'),
]
