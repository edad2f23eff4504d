# The 400-epoch schedule of AutoMix Table 1's WRN-28-8 and Tiny-ImageNet columns
# (OpenMixup lr_config CosineAnnealing, min_lr 0, runner max_epochs 400): cosine by
# epoch to 0, no warm-up, validation every epoch.
param_scheduler = [
    dict(type='CosineAnnealingLR', T_max=400, eta_min=0.0, by_epoch=True, begin=0,
         end=400),
]
train_cfg = dict(by_epoch=True, max_epochs=400, val_interval=1)
