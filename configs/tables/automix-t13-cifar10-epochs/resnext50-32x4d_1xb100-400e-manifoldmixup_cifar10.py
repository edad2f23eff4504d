# AutoMix Table 13 (CIFAR-10), ResNeXt-50 (32x4d) + Manifold Mixup at 400 epochs (97.39):
# the Table 1 arm below (800 epochs) with only its length changed, as OpenMixup
# does it (total_epochs): this folder's README.md.
_base_ = ['../automix-t1-cifar/resnext50-32x4d_1xb100-800e-manifoldmixup_cifar10.py']

param_scheduler = [dict(_base_.param_scheduler[0], T_max=400, end=400)]
train_cfg = dict(max_epochs=400)

paper_rows = [
    dict(paper='AutoMix', table='T13', method='Manifold Mixup', column='RX-50 400ep'),
]
