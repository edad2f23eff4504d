# DeiT-Small with SMMix instead of CutMix, everything else the CutMix arm's recipe (SMMix's
# code): per batch SMMix or Mixup (0.8) with probability 0.5, the image attention score
# of the model itself, fine-grained token labels and the feature consistency loss;
# label smoothing 0.1 on all targets (the head's LabelSmoothLoss, which the classifier
# applies to every target).
_base_ = ['./deit-small_4xb256-cutmix_in1k.py']

model = dict(
    type='mmrecmix.GuidedMixClassifier',
    train_cfg=None,
    mix=dict(type='mmrecmix.SMMix', smmix_prob=0.5, mixup_alpha=0.8),
    guide=dict(type='mmrecmix.AttentionGuide'),
    token_head=dict(in_channels=384, num_classes=1000))

# SMMix Tables 1 and 2, DeiT-S SMMix 81.1: trained with this recipe (SMMix's code;
# Table 2's comparators are OpenMixup runs, configs/tables/smmix-t2/). Its Table 5
# (ImageNet-A / -R / Sketch / Stylized) evaluates the same model on datasets this
# config does not test on.
paper_rows = [
    dict(paper='SMMix', table='T1', group='DeiT-S', method='SMMix'),
    dict(paper='SMMix', table='T2', method='SMMix', column='DeiT-S'),
    # The same run, reported again in the label (T6) and cost (A3) ablations.
    dict(paper='SMMix', table='T6', method='SMMix', column='DeiT-S'),
    dict(paper='SMMix', table='A3', method='SMMix', group='DeiT-S', column='acc'),
]
