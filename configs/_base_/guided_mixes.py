# The model-guided comparators of the papers' tables as OpenMixup ran them (its runs
# give AutoMix's and SMMix's numbers), one model override each for the arms of
# configs/tables/ (`model = _base_.<name>` merges it into the recipe's model). The
# recipe bases of those folders inherit this file, so every arm of a folder has it.

# PuzzleMix (Kim et al., ICML 2020): lambda ~ Beta(1, 1) (alpha 1: the model.alpha of
# OpenMixup's r18_puzzlemix_CE_soft.py, cifar100 / tiny_imagenet / imagenet), label
# smoothness beta 1.2, data smoothness gamma 0.5, prior eta 0.2, seam neighbourhood 4
# pixels, 3 mask levels, transport with t_eps 0.8: mix_args.puzzlemix of its
# configs/classification/<dataset>/mixups/basic/r18_mixups_CE_none.py (the authors'
# CIFAR recipe, snu-mllab/PuzzleMix README). Blocks per side: 2**randint(1, block_num),
# block_num 5 on CIFAR (2-16, transport on 4-pixel cells: t_size 4) and 4 on
# Tiny-ImageNet and ImageNet (2-8, transport on the mask's blocks: t_size -1). mean /
# std are the data preprocessor's (CIFAR-10's on CIFAR, ImageNet's otherwise), on which
# the seams are compared. Saliency: the input gradient of the clean loss in eval mode,
# no clean loss (OpenMixup's MixUpClassification._features).
_puzzlemix = dict(type='mmrecmix.PuzzleMix', alpha=1.0, beta=1.2, gamma=0.5, eta=0.2,
                  neigh_size=4, n_labels=3, transport=True, t_eps=0.8)
puzzlemix_cifar = dict(
    type='mmrecmix.GuidedMixClassifier', train_cfg=None,
    mix=dict(_puzzlemix, block_nums=(2, 4, 8, 16), t_size=4,
             mean=[125.307, 122.961, 113.8575], std=[51.5865, 50.847, 51.255]),
    guide=dict(type='mmrecmix.InputGradientGuide'))
puzzlemix_imagenet = dict(
    type='mmrecmix.GuidedMixClassifier', train_cfg=None,
    mix=dict(_puzzlemix, block_nums=(2, 4, 8), t_size=-1,
             mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375]),
    guide=dict(type='mmrecmix.InputGradientGuide'))

# Co-Mixup (Kim et al., ICLR 2021): OpenMixup has none (its CIFAR tables mark the
# Co-Mixup rows as reproduced with the official code), so the arguments are the
# authors' (snu-mllab/Co-Mixup main.py defaults, the same in its README's CIFAR-100 and
# Tiny-ImageNet commands): --m_block_num 4, --m_part 20, --m_beta 0.32, --m_gamma 1.0,
# --m_thres 0.83 (--m_thres_type hard), --m_eta 0.05, --mixup_alpha 2.0, --m_omega
# 0.001, --set_resolve True, --m_niter 4, --clean_lam 1.0. The last is the clean-input
# term (its README: it is what lets --mixup_alpha be as high as 2.0): the clean pass,
# in train mode, gives the saliency and is trained on as well. Its weight in main.py is
# 2 * clean_lam / num_classes on the clean cross-entropy beside the mixed batch's BCE
# on the softmax averaged over the num_classes outputs, i.e. about 2 * clean_lam
# times the mixed term's cross-entropy part; the arm keeps that ratio against the
# head's cross-entropy (clean_loss_weight=2.0).
comixup = dict(
    type='mmrecmix.GuidedMixClassifier', train_cfg=None,
    mix=dict(type='mmrecmix.CoMixup', block_num=4, part=20, beta=0.32, gamma=1.0,
             thresh=0.83, thresh_type='hard', eta=0.05, alpha=2.0, omega=0.001,
             set_resolve=True, n_iter=4),
    guide=dict(type='mmrecmix.InputGradientGuide', clean_loss_weight=2.0))
comixup_differences = [
    "Co-Mixup arm: the authors' main.py scores the mixed batch by BCE on the softmax "
    '(mean over the classes) and weights the clean cross-entropy by 2 * clean_lam / '
    "num_classes; here the head's own cross-entropy scores the mixed batch, as in the "
    'other arms of the table, and the clean cross-entropy (clean_lam 1.0, clean pass '
    'in train mode, the same forward giving the saliency) is weighted 2.0, the ratio '
    "of the authors' two terms when their BCE is read as its cross-entropy part "
    'divided by num_classes',
    'Co-Mixup arm: OpenMixup marks its Co-Mixup numbers as reproduced with the official '
    'code without saying with which optimiser, schedule or augmentation; the arm takes '
    "its table's recipe (the other arms')",
]

# AttentiveMix (Walawalkar et al., ICASSP 2020): the partner's top cells of the 7x7
# last map (channel mean) of a frozen ImageNet ResNet-50, pasted in place, labels by
# area. OpenMixup: backbone_k ResNet-50 out_indices (3,), pretrained_k
# "torchvision://resnet50" (its fc. keys dropped here), the frozen net sees the 224 px
# crop (feat_size 224; here FrozenNetworkGuide's input_size=224 resizes any crop to
# it). Nothing downloads: set the weights before training
# (training stops at once while this placeholder is unset), torchvision's ImageNet
# ResNet-50 (e.g. resnet50-0676ba61.pth) or an mmpretrain ResNet-50 classifier
# checkpoint (its backbone. keys are taken; then also drop_prefixes=()):
#   python tools/train.py CONFIG --cfg-options model.guide.checkpoint=PATH.pth
_frozen_resnet50 = dict(
    type='mmrecmix.FrozenNetworkGuide',
    backbone=dict(type='ResNet', depth=50, out_indices=(3, )),
    checkpoint='checkpoints/SET-ME_imagenet_resnet50.pth', drop_prefixes=('fc.', ))
# The paper's fixed top 6 of 49 cells (AutoMix Table 4).
attentivemix_top6 = dict(
    type='mmrecmix.GuidedMixClassifier', train_cfg=None,
    mix=dict(type='mmrecmix.AttentiveMix', top_k=6), guide=_frozen_resnet50)
# OpenMixup's "AttentiveMix+" (SMMix Table 2): per batch lam ~ Beta(2, 2) and k =
# clip(int(49 lam), 1, 49) (deit_small_smooth_attentivemix_a2_4xb256_ep300.py alpha 2,
# its base's mix_args attentivemix top_k None).
attentivemix_plus = dict(
    type='mmrecmix.GuidedMixClassifier', train_cfg=None,
    mix=dict(type='mmrecmix.AttentiveMix', top_k=None, alpha=2.0),
    guide=_frozen_resnet50)
attentivemix_differences = [
    'AttentiveMix arm: the frozen ResNet-50 runs in eval mode (its pretrained '
    "batch-norm statistics); OpenMixup's backbone_k follows the classifier into train "
    "mode, so it normalises each batch by the batch's own statistics",
]

# TransMix (Chen et al., CVPR 2022): per batch CutMix (alpha 1.0) with probability 0.8,
# else Mixup (alpha 0.8), partners the batch reversed; a CutMix batch's label weight is
# the mean of its area share and the attention share of the pasted tokens in the same
# forward (ratio 0.5). Sources: the authors' Beckschen/TransMix configs/
# deit_s_transmix.yaml (mixup 0.8, cutmix 1.0, mixup-switch-prob 0.8) and transmix.py
# (lam = (lam0 + lam1) / 2); OpenMixup's deit_small_smooth_transmix_4xb256_ep300.py
# (alpha [0.8, 1.0], mix_prob [0.2, 0.8]) and openmixup/models/augments/transmix.py.
transmix = dict(
    type='mmrecmix.GuidedMixClassifier', train_cfg=None,
    mix=dict(type='mmrecmix.TransMix', mixup_alpha=0.8, cutmix_alpha=1.0,
             switch_prob=0.8),
    guide=None, relabel=dict(type='mmrecmix.ClassAttentionRelabel'))
