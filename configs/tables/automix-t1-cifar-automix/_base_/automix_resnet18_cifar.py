# The AutoMix classifier of AutoMix Table 1 on mmpretrain's CIFAR ResNet-18 (OpenMixup's
# cifar100/automix/basic/r18_l2_a2_near_L1_01_mlr5e_2.py and tiny_imagenet/automix/
# basic/r18_l2_a2_near_mb_mlr1e_3_bb_mlr5e_2.py), with 10 classes; the arms set
# theirs. Mix Block on stage 3 (256 channels), no lambda channel, nearest upsampling;
# Beta(2, 2), Mixup within 0.08 of 0 or 1, mask loss 0.1 with margin 0.1, not
# annealed.
_base_ = ['mmpretrain::_base_/models/resnet18_cifar.py']

model = dict(
    type='mmrecmix.AutoMixClassifier',
    backbone=dict(out_indices=(2, 3)),
    mix_head=dict(type='LinearClsHead', num_classes=10, in_channels=512,
                  loss=dict(type='CrossEntropyLoss', loss_weight=1.0)),
    mix_block=dict(type='mmrecmix.AutoMixBlock', in_channels=256, reduction=2,
                   lam_concat=False, upsample='nearest'),
    mix_stage=2,
    alpha=2.0,
    mixup_margin=0.08,
    mask_loss=dict(weight=0.1, margin=0.1, anneal=None))
