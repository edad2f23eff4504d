# Swin-T in SMMix Table 2's recipe (OpenMixup's DeiT setting, _base_/swin-tiny_
# openmixup_in1k.py) with TransMix (Chen et al., CVPR 2022): per batch CutMix (alpha
# 1.0) with probability 0.8, else Mixup (alpha 0.8), partners from the reversed batch;
# on a CutMix batch the target's label weight becomes the mean of its area share and
# its share of the last block's attention in the same forward. Swin has no class
# token: ClassAttentionRelabel reads the attention of the average query (the pooled
# token the head classifies: mean over heads and over each window's queries of the
# last window-attention block), no weights added (its docstring says why).
# Sources: the alphas, switch probability and the averaging (ratio 0.5) of the
# authors' Beckschen/TransMix (configs/deit_s_transmix.yaml, transmix.py) and of
# OpenMixup's TransMix (openmixup/models/augments/transmix.py; its DeiT-S arm
# deit_small_smooth_transmix_4xb256_ep300.py: mix_prob [0.2, 0.8]); neither ships a
# Swin model that returns attention (OpenMixup's CIFAR swin_t_transmix config passes
# return_attn, which its SwinTransformer does not accept).
#
# The 81.8 of AutoMix T4 ("TransMix", "† reproduced by the official source code") is
# the TransMix paper's own Swin-T run (its Sec. 4.5; OpenMixup's mixups README marks
# it "original results reproduced by official implementations").
_base_ = ['./_base_/swin-tiny_openmixup_in1k.py']

model = _base_.transmix

paper_rows = [
    dict(paper='AutoMix', table='T4', method='TransMix', column='Swin-T'),
]

recipe_differences = _base_.recipe_differences + [
    "TransMix arm: the attention of Swin's average query stands in for a class "
    "token's; the TransMix paper's Swin-T run (Sec. 4.5) may read another map",
    'TransMix arm: partners from the reversed batch (the authors, timm); OpenMixup '
    'draws a permutation',
]
