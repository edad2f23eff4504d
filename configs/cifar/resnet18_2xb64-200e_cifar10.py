# CIFAR ResNet-18 on CIFAR-10, 200 epochs (RecursiveMix paper, Sec. 4.1): SGD lr 0.1 for
# 2 GPUs x 64, momentum 0.9, wd 5e-4, 5 warm-up epochs, cosine decay.
_base_ = [
    'mmpretrain::_base_/models/resnet18_cifar.py',
    'mmpretrain::_base_/datasets/cifar10_bs16.py',
    'mmpretrain::_base_/default_runtime.py',
]

custom_imports = dict(imports=['mmrecmix'], allow_failed_imports=False)

train_dataloader = dict(batch_size=64)
val_dataloader = dict(batch_size=64)
optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.1, momentum=0.9, weight_decay=5e-4))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.01, by_epoch=True, begin=0, end=5,
         convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', T_max=195, by_epoch=True, begin=5, end=200),
]
train_cfg = dict(by_epoch=True, max_epochs=200, val_interval=1)
val_cfg = dict()
test_cfg = dict()
auto_scale_lr = dict(base_batch_size=128)
