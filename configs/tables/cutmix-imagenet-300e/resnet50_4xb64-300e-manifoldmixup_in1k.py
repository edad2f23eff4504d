# ImageNet-1k, ResNet-50: + Manifold Mixup, Mixup "on the randomly chosen internal
# feature map" with alpha 1.0 (Sec. 4.1.1: 0.5 and 1.0 tried, 1.0 kept), CutMix Table 3
# (22.50 / 6.21), copied by RecursiveMix Table 6. Layers: input, stage 1, stage 2 (the
# Manifold Mixup reference's set for ResNets).
# Loss: soft-target cross-entropy on the mixed labels (the head's CrossEntropyLoss).
# The row is the CutMix authors' own Manifold Mixup run, whose code and loss are not
# published (their CutMix code trains with cross-entropy); not the Manifold Mixup
# authors' BCE on the softmax (mmrecmix.SoftmaxBCELoss).
_base_ = ['./_base_/resnet50_4xb64-300e_in1k.py']

model = dict(
    type='mmrecmix.FeatureMixClassifier',
    feature_mix=dict(type='Mixup', alpha=1.0),
    mix_stages=(0, 1, 2))

paper_rows = [
    dict(paper='CutMix', table='T3', group='ResNet-50', method='Manifold Mixup'),
    dict(paper='RecursiveMix', table='T6', group='ResNet-50', method='Manifold Mixup'),
]
recipe_differences = _base_.recipe_differences + _base_.manifold_differences
