# DeiT-Tiny with SMMix instead of CutMix, everything else the CutMix arm's recipe (SMMix's
# code): per batch SMMix or Mixup (0.8) with probability 0.5, the image attention score
# of the model itself, fine-grained token labels and the feature consistency loss;
# label smoothing 0.1 on all targets (the head's LabelSmoothLoss, which the classifier
# applies to every target).
_base_ = ['./deit-tiny_4xb256-cutmix_in1k.py']

model = dict(
    type='mmrecmix.GuidedMixClassifier',
    train_cfg=None,
    mix=dict(type='mmrecmix.SMMix', smmix_prob=0.5, mixup_alpha=0.8),
    guide=dict(type='mmrecmix.AttentionGuide'),
    token_head=dict(in_channels=192, num_classes=1000))

# SMMix Table 1, DeiT-T SMMix 73.6: trained with this recipe (SMMix's code). Its
# Table 5 (ImageNet-A / -R / Sketch / Stylized) evaluates the same model on datasets
# this config does not test on.
paper_rows = [
    dict(paper='SMMix', table='T1', group='DeiT-T', method='SMMix'),
    # The same run, reported again in the cost ablation (A3).
    dict(paper='SMMix', table='A3', method='SMMix', group='DeiT-T', column='acc'),
]
