# CutMix Table 5: + Manifold Mixup, alpha 1.0 (the table's row label), "Mixup operation
# at a randomly chosen layer per minibatch" (Sec. 4.1.2), 16.14 / 4.07. The eligible
# layers (input, stage 1, stage 2) are the Manifold Mixup reference's for ResNets: the
# CutMix paper does not list them.
# Loss: soft-target cross-entropy on the mixed labels (the head's CrossEntropyLoss).
# The row is the CutMix authors' own Manifold Mixup run, whose code and loss are not
# published (their CutMix code trains with cross-entropy); not the Manifold Mixup
# authors' BCE on the softmax (mmrecmix.SoftmaxBCELoss).
_base_ = ['./_base_/pyramidnet200_2xb32-300e_cifar100.py']

model = dict(
    type='mmrecmix.FeatureMixClassifier',
    feature_mix=dict(type='Mixup', alpha=1.0),
    mix_stages=(0, 1, 2))

paper_rows = [
    dict(paper='CutMix', table='T5', group='PyramidNet-200 (a~=240)',
         method='Manifold Mixup'),
]
recipe_differences = _base_.recipe_differences + _base_.manifold_differences
