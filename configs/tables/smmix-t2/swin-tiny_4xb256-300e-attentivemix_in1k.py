# Swin-T in SMMix Table 2's recipe (OpenMixup's DeiT setting, _base_/swin-tiny_
# openmixup_in1k.py) with OpenMixup's "AttentiveMix+" (Walawalkar et al., ICASSP
# 2020, as OpenMixup modified it): per batch lam ~ Beta(2, 2) and k = clip(int(49
# lam), 1, 49); each sample gets its partner's k highest cells of the 7x7 last map
# (channel mean) of a frozen ImageNet ResNet-50, pasted in place; labels by the
# pasted area. Sources: Westlake-AI/openmixup configs/classification/imagenet/mixups/
# swin/swin_tiny_smooth_mix_4xb256_fp16.py with mix_mode "attentivemix" and alpha 2
# (its mixups README, DeiT-setting table; OpenMixup ships no per-method Swin-T file)
# and the frozen ResNet-50 of its DeiT-S arm (deit_small_smooth_attentivemix_a2_
# 4xb256_ep300.py: backbone_k ResNet-50, "torchvision://resnet50"; the same in its
# CIFAR-100 Swin-T arm swin_t_attentivemix_a2_sz224_bs100_ep200.py), mix_args
# attentivemix top_k None (k drawn from lam), openmixup/models/augments/
# attentivemix.py. OpenMixup's benchmark (docs since commit 11d4167, 2022-08-29):
# 81.29; SMMix T2: 81.3.
#
# AutoMix T4's 77.27 is another variant, the paper's fixed top 6 of 49 cells:
# ./swin-tiny_4xb256-300e-attentivemix-top6_in1k.py.
#
# Set the frozen network's weights before training; nothing downloads, and training
# stops at once while this placeholder is unset: torchvision's ImageNet ResNet-50
# (OpenMixup's; e.g. resnet50-0676ba61.pth, its fc. keys dropped below) or an
# mmpretrain ResNet-50 classifier checkpoint (its backbone. keys are taken):
#   python tools/train.py CONFIG --cfg-options model.guide.checkpoint=PATH.pth
_base_ = ['./_base_/swin-tiny_openmixup_in1k.py']

model = dict(_base_.attentivemix_plus, label_weighting='batch_mean')

paper_rows = [
    dict(paper='SMMix', table='T2', method='AttentiveMix', column='Swin-T'),
]

recipe_differences = _base_.recipe_differences + _base_.attentivemix_differences + [
    "labels of each sample mixed by the batch's mean lambda "
    "(label_weighting='batch_mean'), as OpenMixup's ViT heads weight the loss; the "
    'paper mixes each by its own lambda',
]
