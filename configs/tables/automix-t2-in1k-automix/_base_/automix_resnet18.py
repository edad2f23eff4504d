# The AutoMix classifier of automix_resnet.py on ResNet-18 and its basic-block
# channels, which ResNet-34 shares (OpenMixup's r18_/r34_l2_a2_near_lam_cat_mb_
# mlr1e_3_bb_mlr0.py): Mix Block on stage 3 (256 channels), 512 into both heads.
_base_ = ['./automix_resnet.py']

model = dict(
    backbone=dict(depth=18),
    head=dict(in_channels=512),
    mix_head=dict(in_channels=512),
    mix_block=dict(in_channels=256))
