# AutoMix Table 14 (CIFAR-100), ResNeXt-50 + Co-Mixup at 1200 epochs (82.97):
# the Table 1 arm below (800 epochs) with only its length changed, as the other arms
# of this folder (its README.md).
_base_ = ['../automix-t1-cifar/resnext50-32x4d_1xb100-800e-comixup_cifar100.py']

param_scheduler = [dict(_base_.param_scheduler[0], T_max=1200, end=1200)]
train_cfg = dict(max_epochs=1200)

paper_rows = [
    dict(paper='AutoMix', table='T14', method='Co-Mixup', column='RX-50 1200ep'),
]
