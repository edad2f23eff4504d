# AutoMix Table 6, AugMix ("reproduced by timm", Sec. 4.1): the table's baseline
# recipe with AugMix's data and loss, nothing else changed. Each training image, after
# the crop and flip, gives its clean view and two AugMix mixtures (timm's ops at the
# paper's severity 3, width 3, depth 1-3, alpha 1; the reference's nine CIFAR
# operations, none overlapping a CIFAR-100-C corruption); the ResNeXt-50 runs on the
# 3 x 100 views at once and learns from cross-entropy on the clean view plus 12 x
# their Jensen-Shannon divergence. Evaluated on single clean images as the other arms.
_base_ = './_base_/resnext50_cifar100_400e.py'

data_preprocessor = dict(type='mmrecmix.MultiViewClsDataPreprocessor')
model = dict(type='mmrecmix.AugMixClassifier', jsd_weight=12.0)

train_pipeline = [
    dict(type='RandomCrop', crop_size=32, padding=4, padding_mode='reflect'),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    # fill: the CIFAR mean in 0-255 (RGB), as timm's create_transform fills.
    dict(type='mmrecmix.AugMix', severity=3, width=3, depth=-1, alpha=1.0,
         ops='reference', jsd=True, fill=(125, 123, 114)),
    dict(type='PackInputs'),
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))

paper_rows = [dict(paper='AutoMix', table='T6', method='AugMix')]
recipe_differences = _base_.recipe_differences + [
    "AugMix's operations: the AugMix reference's CIFAR set (no Color, Contrast, "
    "Brightness, Sharpness); timm's augmix-m3-w3 list adds those four, and AutoMix "
    "names timm (Sec. 4.1) and AugMix's official code (appendix) without the list",
    "AugMix's cross-entropy: plain, the head's loss as in the other arms and the "
    "AugMix reference; timm's JsdCrossEntropy smooths labels by 0.1 by default",
]
