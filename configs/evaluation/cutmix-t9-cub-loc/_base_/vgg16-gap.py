# VGG-GAP (mmrecmix.VGG_GAP: VGG-16 up to conv5_3 without the last max-pooling, then a
# 3x3 conv to 1024 channels + ReLU; CAM's "VGGnet-GAP" as clovaai/wsolevaluation's
# vgg16('cam') builds it) with global average pooling and a linear head: the classifier
# whose CAMs CutMix Table 9's VGG-GAP rows score (14 x 14 maps at 224 x 224).
model = dict(
    type='ImageClassifier',
    backbone=dict(type='mmrecmix.VGG_GAP', depth=16, gap_channels=1024),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(
        type='LinearClsHead',
        num_classes=1000,
        in_channels=1024,
        loss=dict(type='CrossEntropyLoss', loss_weight=1.0)))
