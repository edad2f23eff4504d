# Swin-T with SMMix (Chen et al., ICCV 2023) in Swin's official recipe, which is this
# folder's (_base_/swin-tiny_openmixup_in1k.py): per batch SMMix or Mixup (alpha 0.8)
# with probability 0.5, the image attention score of the model's last window-attention
# block, fine-grained token labels (a linear token head on the 768-d tokens) and the
# feature consistency loss; label smoothing 0.1 on all targets (the head's
# LabelSmoothLoss, which the classifier applies to every target). SMMix T1 / T2: 81.8.
# Source: SMMix Sec. 5.1 ("we follow the implementations of the official papers ...
# replace the original CutMix with the proposed SMMix, and switch SMMix and Mixup with
# a probability of 0.5"); SMMix's released code (ChenMnZ/SMMix) covers DeiT and PVT
# only, so the Swin-T run's settings are Swin's (same as OpenMixup's Swin-T recipe).
_base_ = ['./_base_/swin-tiny_openmixup_in1k.py']

model = dict(
    type='mmrecmix.GuidedMixClassifier',
    train_cfg=None,
    mix=dict(type='mmrecmix.SMMix', smmix_prob=0.5, mixup_alpha=0.8),
    guide=dict(type='mmrecmix.AttentionGuide'),
    token_head=dict(in_channels=768, num_classes=1000))

paper_rows = [
    dict(paper='SMMix', table='T2', method='SMMix', column='Swin-T'),
    dict(paper='SMMix', table='T1', group='Swin-T', method='SMMix'),
]
