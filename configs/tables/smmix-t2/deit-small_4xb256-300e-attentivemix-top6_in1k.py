# DeiT-S in SMMix Table 2's recipe (OpenMixup's DeiT setting, _base_/deit-small_
# openmixup_in1k.py) with Attentive CutMix as published (Walawalkar et al., ICASSP
# 2020; the authors' xden2331/attentive_cutmix attentive_transform.py: the top 6 of
# the 7x7 cells of an ImageNet ResNet-50's last map): each sample gets its partner's
# 6 highest cells (channel mean of the map of a frozen ResNet-50), pasted in place,
# and lam = 1 - 6 / 49 for every sample. The head's LabelSmoothLoss smooths the
# mixed target.
#
# This is the variant of AutoMix Table 4's 77.63 (and ConvNeXt-T 78.19): OpenMixup
# v0.2.0 (commit 7d288a2, 2022-03-31), docs/model_zoos/Model_Zoo_sup.md, DeiT-setting
# table, lists "AttentiveMix | 77.63 | | 78.19" apart from its "AttentiveMix+" rows
# (the docs' name for OpenMixup's k-from-lam change), and OpenMixup's default
# mix_args were attentivemix top_k=6 ("official attentivemix uses fixed lam by
# top_k", openmixup/models/utils/augments/mixup_saliency.py there). Its ConvNeXt-T
# was re-run as AttentiveMix+ by b8e65ad (2022-04-08, 81.14) and its DeiT-S by
# 11d4167 (2022-08-29, 80.32: SMMix T2's number, ./deit-small_4xb256-300e-
# attentivemix_in1k.py).
#
# Set the frozen network's weights before training (nothing downloads; training
# stops at once while this placeholder is unset): an ImageNet ResNet-50, torchvision's
# (its fc. keys dropped below) or an mmpretrain classifier checkpoint:
#   python tools/train.py CONFIG --cfg-options model.guide.checkpoint=PATH.pth
_base_ = ['./_base_/deit-small_openmixup_in1k.py']

model = dict(_base_.attentivemix_top6, label_weighting='batch_mean')

paper_rows = [
    dict(paper='AutoMix', table='T4', method='AttentiveMix', column='DeiT-S'),
]

recipe_differences = _base_.recipe_differences + _base_.attentivemix_differences + [
    'AttentiveMix top-6 arm: the frozen network of the published run is not '
    "recorded (OpenMixup's docs then named a pre-trained R-18 for AttentiveMix+); "
    "here the paper's ImageNet ResNet-50",
    "labels of each sample mixed by the batch's mean lambda "
    "(label_weighting='batch_mean'), as OpenMixup's ViT heads weight the loss; the "
    'paper mixes each by its own lambda',
]
