# CutMix Table 9, CUB200 column, VGG-GAP rows: the VGG-GAP of ./vgg16-gap.py with a
# 200-class head, fine-tuned on CUB-200-2011 and scored by top-1 localisation accuracy
# from its CAMs (the predicted class right and the box of the largest contour of its
# CAM, at 0.2 of the maximum, with IoU >= 0.5) on the test split, each image resized to
# 224 x 224 without a crop (see docs/evaluation/localization.md). CutMix does not give
# its CAM threshold; another: --options wsol.cam_threshold=...
# Where the model comes from: mmrecmix has no training config for it. CutMix leaves
# its WSOL training to "the training strategy of existing WSOL methods" with the
# details in its Appendix B, which the paper text lacks, and its authors released no
# WSOL code or checkpoints, so any recipe would be a guess. Evaluate a checkpoint of
# this network fine-tuned on CUB-200-2011 from ImageNet weights with the arm's mix
# (Baseline: none), e.g. trained on the CUB recipe of
# configs/tables/automix-t5-finegrained/_base_/ (AutoMix's, not CutMix's).
_base_ = [
    './vgg16-gap.py',
    '../../automix-t8-wsol/_base_/cub_wsol.py',
]

model = dict(head=dict(num_classes=200))
