# The demo with AutoMix: the digits ResNet-18 trained by AutoMixClassifier (Mix Block on
# stage 3 of the momentum encoder, two heads, the reference's alpha, margins and mask
# loss). Evaluated with the momentum encoder, as the paper does. The momentum is
# scaled to the demo's 450 iterations: the reference's 0.999 -> 0.999999 averages over
# ~1,000+ iterations, which would leave this short run's momentum encoder mostly at
# its initial weights (2 epochs: 22% top-1); 0.9 -> 0.99 averages over 10-100.
_base_ = ['./resnet18_digits_demo.py']

model = dict(
    type='mmrecmix.AutoMixClassifier',
    backbone=dict(out_indices=(2, 3)),
    mix_block=dict(type='mmrecmix.AutoMixBlock', in_channels=256),
    mix_head=dict(type='LinearClsHead', num_classes=10, in_channels=512, topk=(1, )),
    alpha=2.0,
    mixup_margin=0.08,
    mask_loss=dict(weight=0.1, margin=0.1))

custom_hooks = [
    dict(type='mmrecmix.AutoMixMomentumHook', momentum=0.9, end_momentum=0.99,
         constant_ratio=0.1),
]
