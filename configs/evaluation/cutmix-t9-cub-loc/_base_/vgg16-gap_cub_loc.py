# CutMix Table 9, CUB200 column, VGG-GAP rows: the VGG-GAP of ./vgg16-gap.py with a
# 200-class head, fine-tuned on CUB-200-2011 and scored by top-1 localisation accuracy
# from its CAMs (the predicted class right and the box of the largest contour of its
# CAM, at 0.2 of the maximum, with IoU >= 0.5) on the test split, each image resized to
# 224 x 224 without a crop (see docs/evaluation/localization.md). CutMix does not give
# its CAM threshold; another: --options wsol.cam_threshold=...
_base_ = [
    './vgg16-gap.py',
    '../../automix-t8-wsol/_base_/cub_wsol.py',
]

model = dict(head=dict(num_classes=200))
