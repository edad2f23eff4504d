# The ImageNet recipe of the CutMix paper (Sec. 4.1.1; Table 3), ResNet-50, as
# clovaai/CutMix-PyTorch runs it: the README's ImageNet command (--batch_size 256
# --lr 0.1 --depth 50 --epochs 300, "We used 4 GPUs") and train.py's defaults and code:
# - SGD, momentum 0.9 (--momentum), weight decay 1e-4 (--wd) on every parameter,
#   Nesterov (train.py passes nesterov=True);
# - lr 0.1, times 0.1 at epochs 75, 150 and 225 (the paper; train.py
#   adjust_learning_rate: lr * 0.1 ** (epoch // 75) for 300 epochs, per epoch);
# - 256 images per step on 4 GPUs (nn.DataParallel: 64 per GPU, BN statistics per GPU);
# - torchvision's ResNet-50 (resnet.py: stride in the 3x3 conv, every BN weight 1,
#   He-normal convolutions over fan-out, the final linear layer left at PyTorch's
#   default initialisation), plain cross-entropy;
# - the augmentations (random-resized crop 224, flip, colour jitter 0.4, PCA lighting
#   0.1; resize 256 + centre crop 224 for testing) are those of the RecursiveMix recipe
#   this base inherits, which takes them from CutMix (its --aug_plus);
# - top-1 / top-5 error on the validation set every epoch; the paper reports the best.
_base_ = ['../../../imagenet/resnet50_8xb64-300e_in1k.py', '../../../_base_/guided_mixes.py']

model = dict(head=dict(init_cfg=None))

# Cutout arms: one 112 x 112 hole (Sec. 4.1.1), last, as uoguelph-mlrg/Cutout cuts it
# after normalisation so that it holds the mean: here before normalisation, filled
# with ImageNet's mean in the images' BGR order (103.53, 116.28, 123.675), rounded to
# the uint8 the images are (at most 0.47 / 57.375 = 0.008 of a std from 0 after
# normalisation).
# mmrecmix.Cutout places the hole as the reference does (mmpretrain's Cutout shifts
# it inside at the top and left borders).
cutout = dict(type='mmrecmix.Cutout', shape=112, pad_val=(104, 116, 124), prob=1.0)
cutout_train_pipeline = (_base_.train_pipeline[:-1]
                         + [cutout, _base_.train_pipeline[-1]])

optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.1, momentum=0.9, weight_decay=1e-4, nesterov=True))
param_scheduler = [
    dict(type='MultiStepLR', by_epoch=True, milestones=[75, 150, 225], gamma=0.1),
]
train_cfg = dict(by_epoch=True, max_epochs=300, val_interval=1)
auto_scale_lr = dict(base_batch_size=256)

recipe_differences = [
    'DDP, 4 GPUs x 64: a batch augment mixes within each GPU\'s 64 images (reference: '
    'nn.DataParallel mixes the whole 256 with one lambda and permutation)',
]
# The deeper networks of Table 4 ("CutMix for Deeper Models", Sec. 4.1.1): the
# ResNet-101 arms set depth 101, the ResNeXt-101 (32x4d) ones take mmpretrain's
# ResNeXt (the reference code has none) and add its note.
resnext101_32x4d = dict(type='ResNeXt', depth=101, groups=32, width_per_group=4)
resnext_differences = [
    "ResNeXt-101 is mmpretrain's: clovaai/CutMix-PyTorch has no ResNeXt, so the run's "
    'model code is not published',
]
# Added by the arms that use a feature-space mix.
manifold_differences = [
    'layer drawn from {input, stage 1, stage 2}, the Manifold Mixup reference\'s set '
    'for ResNets: the CutMix paper does not name its set',
]
