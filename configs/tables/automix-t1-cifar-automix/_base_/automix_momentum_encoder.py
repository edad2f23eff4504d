# AutoMix's momentum encoder in OpenMixup's CIFAR and Tiny-ImageNet AutoMix configs
# (CosineScheduleHook, adjust_scope [0.1, 1.0]): momentum 0.999 for the first 10% of
# the iterations, then a cosine to 0.999999. Evaluated with the momentum encoder.
custom_hooks = [
    dict(type='mmrecmix.AutoMixMomentumHook', momentum=0.999, end_momentum=0.999999,
         constant_ratio=0.1),
]
