# CutMix Table 1 (and the ImageNet column of Table 9): top-1 localisation accuracy of
# each ImageNet ResNet-50 from its CAMs, on the 50,000 validation images with the
# official boxes (data/imagenet/val and data/imagenet/bbox_val, the XML files of
# ILSVRC2012_bbox_val_v3.tgz): the predicted class right and the box of the largest
# contour of its CAM, thresholded at 0.2 of its maximum, with IoU >= 0.5 against one
# of the image's boxes; images resized to 224 x 224 without a crop, as wsolevaluation
# evaluates. CutMix does not give its CAM threshold; another: --options
# wsol.cam_threshold=...
evaluation = dict(wsol=dict(data_root='data/imagenet', dataset='imagenet'))
