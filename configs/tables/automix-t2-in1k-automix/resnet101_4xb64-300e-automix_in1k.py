# AutoMix (Liu et al. 2022) on ImageNet-1k, ResNet-101, 300 epochs (PyTorch-style):
# OpenMixup's imagenet/automix/basic/r101_l2_a2_near_lam_cat_mb_mlr1e_3_bb_mlr0.py.
# Mix Block on stage 3 (1024 channels) with the lambda channel, nearest upsampling;
# Beta(2, 2), Mixup within 0.08 of 0 or 1, mask loss 0.1 with margin 0.1, annealed;
# the schedule and momentum encoder in ./_base_/automix_pytorch-style_300e.py.
# The AutoMix model: ./_base_/automix_resnet.py, with this arm's backbone below.
_base_ = ['./_base_/automix_resnet.py', './_base_/automix_pytorch-style_300e.py']

model = dict(backbone=dict(depth=101))

paper_rows = [
    dict(paper='AutoMix', table='T2', method='AutoMix', column='300ep R-101'),
]
