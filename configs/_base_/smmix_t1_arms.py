# What the SMMix Table 1 recipes of PVT v1, CaiT and DeiT-B (configs/pvt/pvt-*_in1k.py,
# configs/cait/, configs/deit/deit-base_*) share beyond their recipe: the SMMix arm's
# model override (each recipe sets its token head's width) and what the PVT, CaiT and
# DeiT-T TransMix arms add to recipe_differences (DeiT-B's has the authors' own recipe).

# SMMix (Chen et al., ICCV 2023): per batch SMMix or Mixup (0.8) with probability
# 0.5, the model's own image attention score (AttentionGuide), fine-grained token
# labels (a linear token head on the output tokens) and the feature consistency
# loss; label smoothing 0.1 on all targets is the recipe head's LabelSmoothLoss.
smmix = dict(
    type='mmrecmix.GuidedMixClassifier',
    train_cfg=None,
    mix=dict(type='mmrecmix.SMMix', smmix_prob=0.5, mixup_alpha=0.8),
    guide=dict(type='mmrecmix.AttentionGuide'),
    token_head=dict(num_classes=1000))

transmix_differences = [
    "TransMix arm: the published number is the TransMix paper's run, whose recipe "
    'for this model is not released (Beckschen/TransMix ships DeiT configs only); '
    "this arm uses SMMix's code recipe (no random erasing, no repeated augmentation)",
]
