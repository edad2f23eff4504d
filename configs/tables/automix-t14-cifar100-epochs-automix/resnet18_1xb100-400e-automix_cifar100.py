# AutoMix Table 14 (CIFAR-100), ResNet-18 + AutoMix at 400 epochs (81.78):
# the Table 1 arm below (800 epochs) with only its length changed, as OpenMixup
# does it (total_epochs): ../automix-t14-cifar100-epochs/README.md.
_base_ = ['../../automix/resnet18_1xb100-800e-automix_cifar100.py']

param_scheduler = [dict(_base_.param_scheduler[0], T_max=400, end=400)]
train_cfg = dict(max_epochs=400)

paper_rows = [
    dict(paper='AutoMix', table='T14', method='AutoMix', column='R-18 400ep'),
]
