# CutMix (Yun et al. 2019) with AutoMix's momentum pipeline on ImageNet-1k, ResNet-18,
# 100 epochs (PyTorch-style): AutoMix Table 10's "+MP" row. The "(none)" arm
# (resnet18_4xb64-100e-cutmix_in1k.py) with the same mix (alpha 0.2) and recipe, run by
# mmrecmix.AutoMixClassifier with mix= instead of a Mix Block: the encoder trains on the
# mixed batch alone (clean_loss=False), its momentum copy follows it (0.999 for the
# first 10% of the iterations, then a cosine to 0.99999, as AutoMix's) and is the
# encoder evaluated. See README.md.
_base_ = [
    '../automix-t2-in1k/resnet18_4xb64-100e-cutmix_in1k.py',
    './_base_/momentum_encoder_in1k.py',
]

model = dict(
    type='mmrecmix.AutoMixClassifier',
    train_cfg=dict(_delete_=True),  # the mix is the classifier's, not the preprocessor's
    mix=_base_.model.train_cfg.augments,  # the (none) arm's mix
    clean_loss=False)

paper_rows = [
    dict(paper='AutoMix', table='T10', group='+MP', method='CutMix',
         column='IN-1k'),
]
