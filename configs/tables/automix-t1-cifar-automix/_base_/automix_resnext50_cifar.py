# The AutoMix classifier of AutoMix Table 1 on the CIFAR ResNeXt-50 (32x4d) of
# ../../automix-t1-cifar/_base_/resnext50-32x4d_cifar.py (OpenMixup's cifar100/automix/
# basic/rx50_l2_a2_near_L1_01_mlr5e_2.py and tiny_imagenet/automix/basic/
# rx50_l2_a2_near_mb_mlr1e_3_bb_mlr5e_2_2xb50.py), with 10 classes; the arms set
# theirs. The AutoMix settings of automix_resnet18_cifar.py on ResNeXt-50's channels:
# Mix Block on stage 3 (1024 channels), 2048 into the mix head.
_base_ = ['../../automix-t1-cifar/_base_/resnext50-32x4d_cifar.py']

model = dict(
    type='mmrecmix.AutoMixClassifier',
    backbone=dict(out_indices=(2, 3)),
    mix_head=dict(type='LinearClsHead', num_classes=10, in_channels=2048,
                  loss=dict(type='CrossEntropyLoss', loss_weight=1.0)),
    mix_block=dict(type='mmrecmix.AutoMixBlock', in_channels=1024, reduction=2,
                   lam_concat=False, upsample='nearest'),
    mix_stage=2,
    alpha=2.0,
    mixup_margin=0.08,
    mask_loss=dict(weight=0.1, margin=0.1, anneal=None))
