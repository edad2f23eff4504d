# AutoMix's own PyTorch-style ImageNet-1k recipe (automix_pytorch-style.py) for 300
# epochs: the encoder's cosine by epoch to 0 and the Mix Block's to 1e-3 over the
# same 300 epochs (OpenMixup total_epochs 300).
_base_ = ['./automix_pytorch-style.py']

param_scheduler = [
    dict(type='mmrecmix.GroupCosineAnnealingLR', exclude_groups=['mix_block'],
         T_max=300, eta_min=0.0, by_epoch=True, begin=0, end=300),
    dict(type='mmrecmix.GroupCosineAnnealingLR', groups=['mix_block'],
         T_max=300, eta_min=1e-3, by_epoch=True, begin=0, end=300),
]
train_cfg = dict(by_epoch=True, max_epochs=300, val_interval=1)
