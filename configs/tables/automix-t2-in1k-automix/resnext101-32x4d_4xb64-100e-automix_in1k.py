# AutoMix (Liu et al. 2022) on ImageNet-1k, ResNeXt-101 (32x4d), 100 epochs
# (PyTorch-style): OpenMixup's
# imagenet/automix/basic/rx101_l2_a2_near_lam_cat_mb_mlr1e_3_bb_mlr0.py. Mix Block on
# stage 3 (1024 channels) with the lambda channel, nearest upsampling; Beta(2, 2),
# Mixup within 0.08 of 0 or 1, mask loss 0.1 with margin 0.1, annealed; the schedule
# and momentum encoder in ./_base_/automix_pytorch-style_100e.py.
# The AutoMix model: ./_base_/automix_resnet.py, with this arm's backbone below.
_base_ = ['./_base_/automix_resnet.py', './_base_/automix_pytorch-style_100e.py']

model = dict(backbone=dict(type='ResNeXt', depth=101, groups=32, width_per_group=4))

paper_rows = [
    dict(paper='AutoMix', table='T2', method='AutoMix', column='100ep RX-101'),
]
