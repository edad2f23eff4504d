# The demo with SMMix: a small ViT (4 blocks, 64 channels, 4-pixel patches: a 4x4 token
# grid on the 16x16 digits, windows of 1-3 tokens) trained by GuidedMixClassifier, per
# batch SMMix or Mixup (0.8), label smoothing 0.1, AdamW. 10 epochs: about a minute on 2
# CPU cores, 83.6% top-1 (a ViT learns slowly from 1,437 images; 2-pixel patches gave
# 53%). The GPU check trains it with --amp.
_base_ = ['./resnet18_digits_demo.py']

model = dict(
    _delete_=True,
    type='mmrecmix.GuidedMixClassifier',
    backbone=dict(
        type='VisionTransformer', img_size=16, patch_size=4,
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
