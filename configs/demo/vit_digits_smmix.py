# The demo with SMMix: a small ViT (4 blocks, 64 channels, 2-pixel patches: an 8x8 token
# grid on the 16x16 digits) trained by GuidedMixClassifier, per batch SMMix or Mixup
# (0.8), label smoothing 0.1, AdamW. A few minutes on 2 CPU cores; the GPU check runs it
# with --amp.
_base_ = ['./resnet18_digits_demo.py']

model = dict(
    _delete_=True,
    type='mmrecmix.GuidedMixClassifier',
    backbone=dict(
        type='VisionTransformer', img_size=16, patch_size=2,
        arch=dict(embed_dims=64, num_layers=4, num_heads=4, feedforward_channels=128)),
    neck=None,
    head=dict(type='VisionTransformerClsHead', num_classes=10, in_channels=64,
              topk=(1, )),
    mix=dict(type='mmrecmix.SMMix', smmix_prob=0.5, mixup_alpha=0.8),
    guide=dict(type='mmrecmix.AttentionGuide'),
    token_head=dict(in_channels=64, num_classes=10),
    label_smoothing=0.1)

optim_wrapper = dict(
    _delete_=True,
    optimizer=dict(type='AdamW', lr=1e-3, weight_decay=0.05))
