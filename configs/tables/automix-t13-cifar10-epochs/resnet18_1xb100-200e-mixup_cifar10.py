# AutoMix Table 13 (CIFAR-10), ResNet-18 + Mixup at 200 epochs (95.7):
# the Table 1 arm below (800 epochs) with only its length changed, as OpenMixup
# does it (total_epochs): this folder's README.md.
_base_ = ['../automix-t1-cifar/resnet18_1xb100-800e-mixup_cifar10.py']

param_scheduler = [dict(_base_.param_scheduler[0], T_max=200, end=200)]
train_cfg = dict(max_epochs=200)

paper_rows = [
    dict(paper='AutoMix', table='T13', method='Mixup', column='R-18 200ep'),
]
