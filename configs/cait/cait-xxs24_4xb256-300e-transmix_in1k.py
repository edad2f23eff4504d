# CaiT-XXS-24 with TransMix (Chen et al., CVPR 2022) in the CutMix arm's recipe
# (cait-xxs24_4xb256-300e-cutmix_in1k.py): per batch CutMix (alpha 1.0) with
# probability 0.8, else Mixup (alpha 0.8), partners from the reversed batch; on a
# CutMix batch the target's label weight becomes the mean of its area share and its
# share of the class token's attention in the last class-attention block (mean over
# heads, on the patch tokens) of the same forward (the authors' transmix.py, ratio
# 0.5; _base_/guided_mixes.py `transmix`).
_base_ = ['./cait-xxs24_4xb256-300e-cutmix_in1k.py']

model = _base_.transmix

# SMMix Table 1 prints no TransMix number for CaiT-XXS-24 ("-").
paper_rows = []
