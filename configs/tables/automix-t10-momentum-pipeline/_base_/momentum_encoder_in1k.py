# AutoMix's momentum encoder as OpenMixup's ImageNet AutoMix configs run it
# (CosineScheduleHook, adjust_scope [0.1, 1.0], end_momentum 0.99999; the same hook as
# ../../automix-t2-in1k-automix/_base_/automix_pytorch-style.py): momentum 0.999 for
# the first 10% of the iterations, then a cosine to 0.99999. Evaluated with the
# momentum encoder. CIFAR-100 and Tiny-ImageNet: ../../automix-t1-cifar-automix/
# _base_/automix_momentum_encoder.py (a cosine to 0.999999).
custom_hooks = [
    dict(type='mmrecmix.AutoMixMomentumHook', momentum=0.999, end_momentum=0.99999,
         constant_ratio=0.1),
]
