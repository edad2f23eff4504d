# PVT-Tiny (v1) with TransMix (Chen et al., CVPR 2022) in the CutMix arm's recipe
# (SMMix's code): per batch CutMix (alpha 1.0) with probability 0.8, else Mixup (alpha
# 0.8), partners from the reversed batch; on a CutMix batch the target's label weight
# becomes the mean of its area share and its share of the class token's attention in
# the last block (last stage, mean over heads, on the patch tokens) of the same
# forward (the authors' transmix.py, ratio 0.5; _base_/guided_mixes.py `transmix`).
_base_ = ['./pvt-tiny_4xb256-300e-cutmix_in1k.py']

model = _base_.transmix

# SMMix Table 1 "TransMix" PVT-T 75.5 is the TransMix paper's own run.
paper_rows = [dict(paper='SMMix', table='T1', group='PVT-T', method='TransMix')]

recipe_differences = _base_.recipe_differences + _base_.transmix_differences
