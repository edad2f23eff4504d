# CutMix Table 5: Cutout (16 x 16) on the input images, then Manifold Mixup (alpha 1.0,
# the table's row label; layers input, stage 1, stage 2 as the Manifold Mixup
# reference), 15.09 / 3.35.
# Loss: soft-target cross-entropy on the mixed labels (the head's CrossEntropyLoss).
# The row is the CutMix authors' own Manifold Mixup run, whose code and loss are not
# published (their CutMix code trains with cross-entropy); not the Manifold Mixup
# authors' BCE on the softmax (mmrecmix.SoftmaxBCELoss).
_base_ = ['./_base_/pyramidnet200_2xb32-300e_cifar100.py']

model = dict(
    type='mmrecmix.FeatureMixClassifier',
    feature_mix=dict(type='Mixup', alpha=1.0),
    mix_stages=(0, 1, 2))
train_dataloader = dict(dataset=dict(pipeline=_base_.cutout_train_pipeline))

paper_rows = [
    dict(paper='CutMix', table='T5', group='PyramidNet-200 (a~=240)',
         method='Cutout + Manifold Mixup'),
]
recipe_differences = (_base_.recipe_differences
                      + _base_.manifold_differences)
