# The PyTorch-style recipe (pytorch-style.py) for 100 epochs: cosine by epoch from 0.1
# to 0 (OpenMixup lr_config CosineAnnealing, min_lr 0, runner max_epochs 100).
_base_ = ['./pytorch-style.py']

param_scheduler = [
    dict(type='CosineAnnealingLR', T_max=100, eta_min=0.0, by_epoch=True, begin=0,
         end=100),
]
train_cfg = dict(by_epoch=True, max_epochs=100, val_interval=1)
