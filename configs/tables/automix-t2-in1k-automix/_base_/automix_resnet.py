# The AutoMix classifier of AutoMix Table 2 on an mmpretrain ResNet (OpenMixup's
# imagenet/automix/basic/*_l2_a2_near_lam_cat_mb_mlr1e_3_*bb_mlr0*.py), set here for
# ResNet-50; the arms set the depth (and ResNeXt, or the channels of R-18/34). Mix
# Block on stage 3 (1024 channels on R-50) with the lambda channel, nearest
# upsampling; Beta(2, 2), Mixup within 0.08 of 0 or 1, mask loss 0.1 with margin 0.1,
# annealed as OpenMixup's CustomCosineAnnealingHook (by iteration) runs it: every
# iteration multiplies the current weight by (1 + cos(pi t / T)) / 2, so the factors
# compound (at 100 epochs: below 1e-3 from epoch 2.2, below 1e-6 from epoch 3). The
# paper says linearly; anneal='cosine' is the closed form 0.1 (1 + cos(pi t / T)) / 2.
_base_ = ['mmpretrain::_base_/models/resnet50.py']

model = dict(
    type='mmrecmix.AutoMixClassifier',
    backbone=dict(out_indices=(2, 3)),
    mix_head=dict(type='LinearClsHead', num_classes=1000, in_channels=2048,
                  loss=dict(type='CrossEntropyLoss', loss_weight=1.0)),
    mix_block=dict(type='mmrecmix.AutoMixBlock', in_channels=1024, reduction=2,
                   lam_concat=True, upsample='nearest'),
    mix_stage=2,
    alpha=2.0,
    mixup_margin=0.08,
    mask_loss=dict(weight=0.1, margin=0.1, anneal='compounding_cosine'))
