# CutMix Table 9, ImageNet column, VGG-GAP rows: top-1 localisation accuracy of an
# ImageNet VGG-GAP (../../cutmix-t9-cub-loc/_base_/vgg16-gap.py, 1000 classes) from its
# CAMs on the 50,000 validation images with the official boxes (data/imagenet/val and
# data/imagenet/bbox_val): the predicted class right and the box of the largest
# contour of its CAM, thresholded at 0.2 of its maximum, with IoU >= 0.5 against one
# of the image's boxes; images resized to 224 x 224 without a crop (see
# docs/evaluation/localization.md). CutMix does not give its CAM threshold; another:
# --options wsol.cam_threshold=...
_base_ = [
    '../../cutmix-t9-cub-loc/_base_/vgg16-gap.py',
    'mmpretrain::_base_/datasets/imagenet_bs32.py',
    'mmpretrain::_base_/default_runtime.py',
    '../../cutmix-t1-imagenet-loc/_base_/imagenet_loc.py',
]

custom_imports = dict(imports=['mmrecmix'], allow_failed_imports=False)
