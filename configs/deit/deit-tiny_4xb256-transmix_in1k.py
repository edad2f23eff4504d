# DeiT-Tiny with TransMix (Chen et al., CVPR 2022) in the CutMix arm's recipe
# (deit-tiny_4xb256-cutmix_in1k.py, SMMix's code): per batch CutMix (alpha 1.0) with
# probability 0.8, else Mixup (alpha 0.8), partners from the reversed batch; on a CutMix
# batch the target's label weight becomes the mean of its area share and its share of
# the class token's last-block attention (_base_/guided_mixes.py `transmix`), as the
# DeiT-B arm (deit-base_4xb256-transmix_in1k.py).
_base_ = [
    './deit-tiny_4xb256-cutmix_in1k.py', '../_base_/guided_mixes.py',
    '../_base_/smmix_t1_arms.py'
]

model = _base_.transmix

# SMMix Table 1 "TransMix" DeiT-T 72.6 is the TransMix paper's own run.
paper_rows = [dict(paper='SMMix', table='T1', group='DeiT-T', method='TransMix')]

recipe_differences = _base_.recipe_differences + _base_.transmix_differences
