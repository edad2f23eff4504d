# DeiT-S in SMMix Table 2's recipe (OpenMixup's DeiT setting, _base_/deit-small_
# openmixup_in1k.py) with OpenMixup's "AttentiveMix+" (Walawalkar et al., ICASSP
# 2020, as OpenMixup modified it): per batch lam ~ Beta(2, 2) and k = clip(int(49
# lam), 1, 49); each sample gets its partner's k highest cells of the 7x7 last map
# (channel mean) of a frozen ImageNet ResNet-50, pasted in place; labels by the
# pasted area. The head's LabelSmoothLoss (0.1, 'original') smooths the mixed target.
# Sources: Westlake-AI/openmixup configs/classification/imagenet/mixups/deit/
# deit_small/deit_small_smooth_attentivemix_a2_4xb256_ep300.py (alpha 2, mix_mode
# "attentivemix", backbone_k ResNet-50 out_indices (3,), pretrained_k
# "torchvision://resnet50"), its base deit_small_smooth_mix_4xb256_fp16.py (mix_args
# attentivemix top_k None: k drawn from lam) and openmixup/models/augments/
# attentivemix.py (channel mean, top-k, nearest upsampling by 224 / 7 = 32; the frozen
# net sees the 224 px crop: feat_size 224). OpenMixup's benchmark (docs since commit
# 11d4167, 2022-08-29): 80.32; SMMix T2: 80.3.
#
# AutoMix T4's 77.63 is another variant, the paper's fixed top 6 of 49 cells:
# ./deit-small_4xb256-300e-attentivemix-top6_in1k.py.
#
# Set the frozen network's weights before training; nothing downloads, and training
# stops at once while this placeholder is unset: torchvision's ImageNet ResNet-50
# (OpenMixup's; e.g. resnet50-0676ba61.pth, its fc. keys dropped below) or an
# mmpretrain ResNet-50 classifier checkpoint (its backbone. keys are taken):
#   python tools/train.py CONFIG --cfg-options model.guide.checkpoint=PATH.pth
_base_ = ['./_base_/deit-small_openmixup_in1k.py']

model = dict(_base_.attentivemix_plus, label_weighting='batch_mean')

paper_rows = [
    dict(paper='SMMix', table='T2', method='AttentiveMix', column='DeiT-S'),
]

recipe_differences = _base_.recipe_differences + _base_.attentivemix_differences + [
    "labels of each sample mixed by the batch's mean lambda "
    "(label_weighting='batch_mean'), as OpenMixup's ViT heads weight the loss; the "
    'paper mixes each by its own lambda',
]
