# The CIFAR recipe of the CutMix paper (Sec. 4.1.2; Tables 5 and 7), PyramidNet-200
# (alpha 240, bottleneck) on CIFAR-100, as clovaai/CutMix-PyTorch runs it: the README's
# CIFAR-100 command (--depth 200 --alpha 240 --batch_size 64 --lr 0.25 --epochs 300,
# "We used 2 GPUs") and train.py's defaults and code:
# - SGD, momentum 0.9 (--momentum), weight decay 1e-4 (--wd) on every parameter,
#   Nesterov (train.py passes nesterov=True);
# - lr 0.25, times 0.1 at epochs 150 and 225 (train.py adjust_learning_rate:
#   lr * 0.1 ** (epoch // (0.5 * 300)) * 0.1 ** (epoch // (0.75 * 300)), per epoch);
# - 64 images per step on 2 GPUs (nn.DataParallel: 32 per GPU, BN statistics per GPU);
# - random crop 32 with 4-pixel zero padding, horizontal flip, normalised with
#   mean (125.3, 123.0, 113.9) and std (63.0, 62.1, 66.7) on 0-255 RGB (train.py);
# - plain cross-entropy; the final linear layer keeps PyTorch's default initialisation
#   (the reference initialises only convolutions and BN; pyramidnet.py);
# - top-1 / top-5 error on the test set every epoch; the paper reports the best epoch's,
#   averaged over 3 runs.
# The CIFAR-10 runs (Table 7) use "the same baseline and training setting".
_base_ = [
    'mmpretrain::_base_/datasets/cifar100_bs16.py',
    'mmpretrain::_base_/default_runtime.py',
]

custom_imports = dict(imports=['mmrecmix'], allow_failed_imports=False)

model = dict(
    type='ImageClassifier',
    backbone=dict(type='mmrecmix.PyramidNet', depth=200, alpha=240, bottleneck=True),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(
        type='LinearClsHead',
        num_classes=100,
        in_channels=1024,  # 4 x (16 + 240)
        loss=dict(type='CrossEntropyLoss', loss_weight=1.0),
        init_cfg=None))

data_preprocessor = dict(
    num_classes=100, mean=[125.3, 123.0, 113.9], std=[63.0, 62.1, 66.7], to_rgb=False)

train_pipeline = [
    dict(type='RandomCrop', crop_size=32, padding=4),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='PackInputs'),
]
# Cutout arms (the CutMix paper's 16 x 16 hole, "Hyper-parameter settings"), after the
# flip as in uoguelph-mlrg/Cutout, whose hole is cut after normalisation and so holds
# the mean: here it is cut before, filled with the mean above rounded to the uint8 the
# images are (at most 0.3 / 63.0 = 0.005 of a std from 0 after normalisation).
# mmrecmix.Cutout places the hole as the reference does (mmpretrain's Cutout shifts
# it inside at the top and left borders).
cutout = dict(type='mmrecmix.Cutout', shape=16, pad_val=(125, 123, 114), prob=1.0)
cutout_train_pipeline = train_pipeline[:-1] + [cutout, train_pipeline[-1]]

train_dataloader = dict(batch_size=32, dataset=dict(pipeline=train_pipeline))
# The test loader's batch (64, train.py's --batch_size) does not change the numbers.
val_dataloader = dict(batch_size=64)
test_dataloader = val_dataloader
val_evaluator = dict(type='Accuracy', topk=(1, 5))  # Table 5: top-1 and top-5
test_evaluator = val_evaluator

optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.25, momentum=0.9, weight_decay=1e-4, nesterov=True))
param_scheduler = [
    dict(type='MultiStepLR', by_epoch=True, milestones=[150, 225], gamma=0.1),
]
train_cfg = dict(by_epoch=True, max_epochs=300, val_interval=1)
val_cfg = dict()
test_cfg = dict()
auto_scale_lr = dict(base_batch_size=64)

recipe_differences = [
    'DDP, 2 GPUs x 32: a batch augment mixes within each GPU\'s 32 images (reference: '
    'nn.DataParallel mixes the whole 64 with one lambda and permutation)',
]
# Added by the arms that use a feature-space mix.
manifold_differences = [
    'layer drawn from {input, stage 1, stage 2}, the Manifold Mixup reference\'s set '
    'for ResNets: the CutMix paper does not name its set',
]
