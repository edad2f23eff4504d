# DeiT-Small with SMMix and TransMix's label re-weighting (SMMix Table 6, row
# "TransMix": SMMix's max-min region mixing plus TransMix labels, DeiT-S 81.1): the
# SMMix recipe of deit-small_4xb256-smmix_in1k.py, and on an SMMix batch (its
# pasted window is reported as pixel boxes) the target's label weight becomes the
# mean of its area share 1 - i^2 / (h w) and its share of the class token's
# last-block attention in the mixed forward (TransMix: the authors' transmix.py,
# lam = (lam0 + lam1) / 2; OpenMixup's transmix, ratio 0.5). Mixup batches keep
# their lambda. SMMix's released code (ChenMnZ/SMMix) has no TransMix option, so how
# the authors combined the two beyond "introduce the label reconstruction methods
# into SMMix" (Sec. 5.4) is not known; the relabelled lambda also enters the
# consistency target of GuidedMixClassifier.
_base_ = ['./deit-small_4xb256-smmix_in1k.py']

model = dict(relabel=dict(type='mmrecmix.ClassAttentionRelabel'))  # area_weight 0.5

# SMMix Table 6 "TransMix" 81.1 (DeiT-S); transcribed as "SMMix + TransMix labels".
paper_rows = [
    dict(paper='SMMix', table='T6', method='SMMix + TransMix labels', column='DeiT-S'),
]
