# The PyTorch-style recipe (pytorch-style.py) for 300 epochs: cosine by epoch from 0.1
# to 0 (OpenMixup lr_config CosineAnnealing, min_lr 0, runner max_epochs 300).
_base_ = ['./pytorch-style.py']

param_scheduler = [
    dict(type='CosineAnnealingLR', T_max=300, eta_min=0.0, by_epoch=True, begin=0,
         end=300),
]
train_cfg = dict(by_epoch=True, max_epochs=300, val_interval=1)
