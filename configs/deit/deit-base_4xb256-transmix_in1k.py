# DeiT-Base with TransMix (Chen et al., CVPR 2022) in the CutMix arm's recipe
# (deit-base_4xb256-cutmix_in1k.py, SMMix's code): per batch CutMix (alpha 1.0) with
# probability 0.8, else Mixup (alpha 0.8), partners from the reversed batch; on a CutMix
# batch the target's label weight becomes the mean of its area share and its share of
# the class token's last-block attention (mean over heads, on the patch tokens) in the
# same forward (the authors' transmix.py, ratio 0.5; _base_/guided_mixes.py
# `transmix`). The switch probability 0.8 is the authors' configs/deit_b_transmix.yaml
# (mixup_switch_prob, spelled as train.py's argument so that it takes effect).
_base_ = ['./deit-base_4xb256-cutmix_in1k.py']

model = _base_.transmix

# SMMix Table 1 "TransMix" DeiT-B 82.4 is the TransMix paper's own run.
paper_rows = [dict(paper='SMMix', table='T1', group='DeiT-B', method='TransMix')]

recipe_differences = _base_.recipe_differences + [
    "TransMix arm: the published 82.4 is the TransMix paper's run; the authors' "
    'configs/deit_b_transmix.yaml (Beckschen/TransMix, released after the paper) on '
    'their timm train.py trains at a total batch of 256 with lr 1e-3 (this recipe: 1e-3 '
    'at 1024, SMMix main.py\'s scaling), a model EMA of 0.99996, a random (bilinear or '
    "bicubic) training interpolation (train.py's default; bicubic here) and 310 epochs "
    "(timm's 10 cool-down epochs at the minimum lr after the 300); its drop path 0.1, "
    'weight decay 0.05, 5 warm-up epochs from 1e-6, minimum lr 1e-5, no random erasing '
    'and no repeated augmentation are this recipe\'s',
]
