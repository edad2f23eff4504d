# ConvNeXt-T in AutoMix Table 4's recipe (OpenMixup's ConvNeXt runs,
# _base_/convnext-tiny_openmixup_in1k.py) with Attentive CutMix as published and as
# OpenMixup's v0.2.0 default (mix_args attentivemix top_k=6): each sample gets its
# partner's 6 highest cells of the 7x7 last map (channel mean) of a frozen ImageNet
# ResNet-50, pasted in place, lam = 1 - 6 / 49; labels weighted by the batch's mean
# lambda as OpenMixup's ConvNeXt head does. OpenMixup re-ran ConvNeXt-T as AttentiveMix+
# later (b8e65ad, 81.14).
# Source: Westlake-AI/openmixup v0.2.0 (7d288a2) configs/classification/imagenet/
# mixups/convnext/convnext_tiny_smooth_mix_8xb256_accu2_ema_fp16.py with mix_mode
# "attentivemix". OpenMixup / AutoMix T4 "AttentiveMix" ConvNeXt-T: 78.19.
#
# Set the frozen network's weights before training (nothing downloads; training
# stops at once while this placeholder is unset): an ImageNet ResNet-50,
# torchvision's (its fc. keys dropped) or an mmpretrain classifier checkpoint:
#   python tools/train.py CONFIG --cfg-options model.guide.checkpoint=PATH.pth
_base_ = ['./_base_/convnext-tiny_openmixup_in1k.py']

model = dict(_base_.attentivemix_top6, label_weighting='batch_mean')

paper_rows = [
    dict(paper='AutoMix', table='T4', method='AttentiveMix', column='ConvNeXt-T'),
]

recipe_differences = (_base_.recipe_differences + _base_.attentivemix_differences
                      + _base_.batch_mean_differences) + [
    'AttentiveMix top-6 arm: the frozen network of the published run is not '
    "recorded (OpenMixup's docs then named a pre-trained R-18 for AttentiveMix+); "
    "here the paper's ImageNet ResNet-50",
]
