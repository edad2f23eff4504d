# AutoMix Table 14 (CIFAR-100), ResNet-18 + Co-Mixup at 200 epochs (80.01):
# the Table 1 arm below (800 epochs) with only its length changed, as the other arms
# of this folder (its README.md).
_base_ = ['../automix-t1-cifar/resnet18_1xb100-800e-comixup_cifar100.py']

param_scheduler = [dict(_base_.param_scheduler[0], T_max=200, end=200)]
train_cfg = dict(max_epochs=200)

paper_rows = [
    dict(paper='AutoMix', table='T14', method='Co-Mixup', column='R-18 200ep'),
]
