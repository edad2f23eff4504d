# RecursiveMix Table 1 (CIFAR-10, PyramidNet-200, alpha 240): + MoEx (Li et al. 2021),
# 3.44 top-1 error. The CutMix recipe's CIFAR-10 baseline (../cutmix-cifar-300e/),
# which the MoEx authors' CIFAR code keeps (Boyiliee/MoEx CIFAR/train_moex.py, built on
# clovaai/CutMix-PyTorch), with their CIFAR run's exchange (CIFAR/run.sh and README):
# PONO moments exchanged after the stem's conv and BN, lambda 0.5, probability 0.25.
_base_ = ['../cutmix-cifar-300e/pyramidnet200_2xb32-300e_cifar10.py']

model = dict(
    type='mmrecmix.MomentExchangeClassifier',
    feature_mix=dict(type='mmrecmix.MomentExchange', lam=0.5, prob=0.25))

paper_rows = [
    dict(paper='RecursiveMix', table='T1', group='PyramidNet-200 (a~=240)',
         method='MoEx'),
]
