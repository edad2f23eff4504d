# Mixup (Zhang et al. 2018) with AutoMix's momentum pipeline on Tiny-ImageNet, CIFAR
# ResNet-18, 400 epochs: AutoMix Table 10's "+MP" row. The "(none)" arm
# (resnet18_1xb100-400e-mixup_tiny-imagenet.py) with the same mix (alpha 0.2) and
# recipe, run by mmrecmix.AutoMixClassifier with mix= instead of a Mix Block: the
# encoder trains on the mixed batch alone (clean_loss=False), its momentum copy follows
# it (0.999 for the first 10% of the iterations, then a cosine to 0.999999, as
# AutoMix's) and is the encoder evaluated. See README.md.
_base_ = [
    '../automix-t10-tiny/resnet18_1xb100-400e-mixup_tiny-imagenet.py',
    '../automix-t1-cifar-automix/_base_/automix_momentum_encoder.py',
]

model = dict(
    type='mmrecmix.AutoMixClassifier',
    train_cfg=dict(_delete_=True),  # the mix is the classifier's, not the preprocessor's
    mix=_base_.model.train_cfg.augments,  # the (none) arm's mix
    clean_loss=False)

paper_rows = [
    dict(paper='AutoMix', table='T10', group='+MP', method='Mixup',
         column='Tiny'),
]
