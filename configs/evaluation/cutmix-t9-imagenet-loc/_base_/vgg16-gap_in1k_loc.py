# CutMix Table 9, ImageNet column, VGG-GAP rows: top-1 localisation accuracy of an
# ImageNet VGG-GAP (../../cutmix-t9-cub-loc/_base_/vgg16-gap.py, 1000 classes) from its
# CAMs on the 50,000 validation images with the official boxes (data/imagenet/val and
# data/imagenet/bbox_val): the predicted class right and the box of the largest
# contour of its CAM, thresholded at 0.2 of its maximum, with IoU >= 0.5 against one
# of the image's boxes; images resized to 224 x 224 without a crop (see
# docs/evaluation/localization.md). CutMix does not give its CAM threshold; another:
# --options wsol.cam_threshold=...
# Where the model comes from: mmrecmix has no training config for it. CutMix leaves
# its WSOL training to "the training strategy of existing WSOL methods" with the
# details in its Appendix B, which the paper text lacks, and its authors released no
# WSOL code or checkpoints, so any recipe would be a guess. Evaluate a checkpoint of
# an ImageNet-1k VGG-GAP trained with the arm's mix (Baseline: none).
_base_ = [
    '../../cutmix-t9-cub-loc/_base_/vgg16-gap.py',
    'mmpretrain::_base_/datasets/imagenet_bs32.py',
    'mmpretrain::_base_/default_runtime.py',
    '../../cutmix-t1-imagenet-loc/_base_/imagenet_loc.py',
]

custom_imports = dict(imports=['mmrecmix'], allow_failed_imports=False)
