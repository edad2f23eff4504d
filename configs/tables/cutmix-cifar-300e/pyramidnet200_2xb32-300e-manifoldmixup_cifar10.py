# CIFAR-10: + Manifold Mixup (alpha 1.0, the tables' row label; layers input, stage 1,
# stage 2 as the Manifold Mixup reference), CutMix Table 7 (3.15 top-1 error), copied
# by RecursiveMix Table 1.
# Loss: soft-target cross-entropy on the mixed labels (the head's CrossEntropyLoss).
# The row is the CutMix authors' own Manifold Mixup run, whose code and loss are not
# published (their CutMix code trains with cross-entropy); not the Manifold Mixup
# authors' BCE on the softmax (mmrecmix.SoftmaxBCELoss).
_base_ = ['./_base_/pyramidnet200_2xb32-300e_cifar10.py']

model = dict(
    type='mmrecmix.FeatureMixClassifier',
    feature_mix=dict(type='Mixup', alpha=1.0),
    mix_stages=(0, 1, 2))

paper_rows = [
    dict(paper='CutMix', table='T7', group='PyramidNet-200 (a~=240)',
         method='Manifold Mixup'),
    dict(paper='RecursiveMix', table='T1', group='PyramidNet-200 (a~=240)',
         method='Manifold Mixup'),
]
recipe_differences = _base_.recipe_differences + _base_.manifold_differences
