# Manifold Mixup (Verma et al. 2019): lambda ~ Beta(0.2, 0.2), mixed at one of {input,
# stage 1, stage 2} drawn per batch (OpenMixup manifoldmix layer=(0, 3), a randint
# over 0..2); alpha as OpenMixup's ImageNet benchmark table gives it.
# Loss: soft-target cross-entropy on the mixed labels (the head's CrossEntropyLoss), as
# in OpenMixup's run behind this row; the Manifold Mixup authors train with BCE on
# the softmax (mmrecmix.SoftmaxBCELoss), which this row did not use.
_base_ = [
    'mmpretrain::_base_/models/resnext101_32x4d.py',
    './_base_/pytorch-style_100e.py',
]

model = dict(
    type='mmrecmix.FeatureMixClassifier',
    feature_mix=dict(type='Mixup', alpha=0.2),
    mix_stages=(0, 1, 2))

paper_rows = [
    dict(paper='AutoMix', table='T2', method='Manifold Mixup', column='100ep RX-101'),
]
