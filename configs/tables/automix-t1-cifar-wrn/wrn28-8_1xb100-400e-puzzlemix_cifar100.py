# PuzzleMix (Kim et al., ICML 2020) as OpenMixup ran it on CIFAR-100 for AutoMix
# Table 1: the arguments of the CIFAR R-18 arm (configs/tables/automix-t1-cifar/
# resnet18_1xb100-800e-puzzlemix_cifar100.py, from mix_args.puzzlemix of OpenMixup's
# configs/classification/cifar100/mixups/basic/r18_mixups_CE_none.py: alpha 1, 2-16
# blocks per side, beta 1.2, gamma 0.5, eta 0.2, neighbourhood 4, 3 levels, transport
# t_eps 0.8 on 4-pixel cells); mean / std are this folder's data preprocessor's.
# Saliency: the input gradient of the clean loss in eval mode. AutoMix T1: 85.02.
_base_ = './_base_/wrn28-8_cifar100.py'

model = _base_.puzzlemix_cifar

paper_rows = [
    dict(paper='AutoMix', table='T1', method='PuzzleMix', column='C100 WRN-28-8'),
]
