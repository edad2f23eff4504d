# ResNeXt-50 (32x4d) with the CIFAR stem (3x3 stride-1 conv, no max-pool), OpenMixup's
# ResNeXt_CIFAR (rx50_mixups_CE_none.py: depth 50, groups 32, width 4); 2048 channels
# into global average pooling and a linear head.
model = dict(
    type='ImageClassifier',
    backbone=dict(type='mmrecmix.ResNeXt_CIFAR', depth=50, groups=32,
                  width_per_group=4, out_indices=(3, ), style='pytorch'),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(type='LinearClsHead', num_classes=10, in_channels=2048,
              loss=dict(type='CrossEntropyLoss', loss_weight=1.0)))
