# ImageNet-1k, ResNet-50: + Feature CutMix, "CutMix at a randomly chosen layer per
# minibatch as Manifold Mixup does" (Sec. 4.1.1): Beta(1, 1) on every batch as CutMix
# on ImageNet (--beta 1.0 --cutmix_prob 1.0), the box drawn on the layer's own map;
# layers input, stage 1, stage 2 as the Manifold Mixup arm. CutMix Table 3
# (21.80 / 6.06), copied by RecursiveMix Table 6.
_base_ = ['./_base_/resnet50_4xb64-300e_in1k.py']

model = dict(
    type='mmrecmix.FeatureMixClassifier',
    feature_mix=dict(type='mmrecmix.CutMix', alpha=1.0, prob=1.0),
    mix_stages=(0, 1, 2))

paper_rows = [
    dict(paper='CutMix', table='T3', group='ResNet-50', method='Feature CutMix'),
    dict(paper='RecursiveMix', table='T6', group='ResNet-50', method='Feature CutMix'),
]
recipe_differences = _base_.recipe_differences + _base_.manifold_differences
