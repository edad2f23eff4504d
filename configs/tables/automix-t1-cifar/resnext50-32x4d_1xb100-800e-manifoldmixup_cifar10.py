# Manifold Mixup (Verma et al. 2019): lambda ~ Beta(2.0, 2.0), mixed at one of {input,
# stage 1, stage 2} drawn per batch (OpenMixup manifoldmix layer=(0, 3), a randint
# over 0..2); alpha as AutoMix appendix A.1 gives it for CIFAR.
# Loss: soft-target cross-entropy on the mixed labels (the head's CrossEntropyLoss), as
# in OpenMixup's run behind this row; the Manifold Mixup authors train with BCE on
# the softmax (mmrecmix.SoftmaxBCELoss), which this row did not use.
_base_ = './_base_/resnext50_cifar10.py'

model = dict(
    type='mmrecmix.FeatureMixClassifier',
    feature_mix=dict(type='Mixup', alpha=2.0),
    mix_stages=(0, 1, 2))

paper_rows = [
    dict(paper='AutoMix', table='T1', method='Manifold Mixup', column='C10 RX-50'),
    dict(paper='AutoMix', table='T13', method='Manifold Mixup', column='RX-50 800ep'),
]
