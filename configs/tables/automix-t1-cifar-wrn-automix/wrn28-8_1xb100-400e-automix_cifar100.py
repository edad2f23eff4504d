# AutoMix (Liu et al. 2022) on CIFAR-100, WRN-28-8, 400 epochs, OpenMixup's
# wrn28_8_l1_a2_near_L1_01_mlr1e_3.py: Mix Block on stage 2 (mask_layer 1, 256
# channels), no lambda channel, nearest upsampling; Beta(2, 2), Mixup within 0.08 of 0
# or 1, mask loss 0.1 with margin 0.1; the schedule and momentum encoder in
# ./_base_/automix_wrn28-8_cifar100.py.
_base_ = ['./_base_/automix_wrn28-8_cifar100.py']

model = dict(
    type='mmrecmix.AutoMixClassifier',
    backbone=dict(out_indices=(1, 2)),
    mix_head=dict(type='LinearClsHead', num_classes=100, in_channels=512,
                  loss=dict(type='CrossEntropyLoss', loss_weight=1.0)),
    mix_block=dict(type='mmrecmix.AutoMixBlock', in_channels=256, reduction=2,
                   lam_concat=False, upsample='nearest'),
    mix_stage=1,
    alpha=2.0,
    mixup_margin=0.08,
    mask_loss=dict(weight=0.1, margin=0.1, anneal=None))

paper_rows = [
    dict(paper='AutoMix', table='T1', method='AutoMix', column='C100 WRN-28-8'),
]
