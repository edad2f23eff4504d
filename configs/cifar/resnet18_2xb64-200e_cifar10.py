# CIFAR ResNet-18 on CIFAR-10, 200 epochs, the RecursiveMix paper's 200-epoch setting
# (Sec. 4.1) as its authors' code runs it: SGD lr 0.1 for 2 GPUs x 64, momentum 0.9 (no
# Nesterov), wd 5e-4 on every parameter, 5 warm-up epochs, cosine decay, no label
# smoothing; random crop 32 with 4-pixel padding and flip; the mean/std of CIFAR-10.
_base_ = [
    'mmpretrain::_base_/models/resnet18_cifar.py',
    'mmpretrain::_base_/datasets/cifar10_bs16.py',
    'mmpretrain::_base_/default_runtime.py',
]

custom_imports = dict(imports=['mmrecmix'], allow_failed_imports=False)

# The authors' CIFAR ResNet starts every BN at 1 (mmpretrain zero-initialises the last
# BN of each block by default).
model = dict(backbone=dict(zero_init_residual=False))

train_dataloader = dict(batch_size=64)
val_dataloader = dict(batch_size=64)
optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.1, momentum=0.9, weight_decay=5e-4))
# Per epoch as in the authors' code: warm-up lr = 0.1 * e / 6 in epochs e = 1..5 (LinearLR
# from 1/6 with end=6), then cosine over the remaining 195 epochs (theirs is counted
# over all 200 from epoch 1: at most 2.3% of the base lr apart).
param_scheduler = [
    dict(type='LinearLR', start_factor=1 / 6, by_epoch=True, begin=0, end=6),
    dict(type='CosineAnnealingLR', T_max=195, by_epoch=True, begin=5, end=200),
]
train_cfg = dict(by_epoch=True, max_epochs=200, val_interval=1)
val_cfg = dict()
test_cfg = dict()
auto_scale_lr = dict(base_batch_size=128)
recipe_differences = [
    'cosine over the 195 epochs after warm-up (authors: over 200 from epoch 1, '
    '<= 2.3% of the lr apart)'
]
