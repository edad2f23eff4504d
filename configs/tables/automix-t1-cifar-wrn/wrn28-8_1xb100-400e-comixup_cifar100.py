# Co-Mixup (Kim et al., ICLR 2021) on CIFAR-100 for AutoMix Table 1: this folder's recipe
# (the other arms') with the authors' Co-Mixup arguments (configs/_base_/
# guided_mixes.py: 4 x 4 blocks, partitions of 20, beta 0.32, gamma 1.0, tau 0.83
# hard, eta 0.05, Dirichlet alpha 2.0, omega 0.001, set resolution, 4 rounds).
# Saliency: the input gradient of the clean loss in eval mode. AutoMix T1: 85.05.
_base_ = './_base_/wrn28-8_cifar100.py'

model = _base_.comixup

paper_rows = [
    dict(paper='AutoMix', table='T1', method='Co-Mixup', column='C100 WRN-28-8'),
]
recipe_differences = _base_.recipe_differences + _base_.comixup_differences
