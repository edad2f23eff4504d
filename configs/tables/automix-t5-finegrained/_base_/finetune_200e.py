# The small-scale fine-grained recipe of AutoMix Table 5 (Sec. 4.2: "training 200
# epochs by SGD optimizer with the initial learning rate of 0.001, the weight decay of
# 0.0005, the batch size of 16 ... the official PyTorch pre-trained models on
# ImageNet-1k are adopted as initialization"), as OpenMixup runs it (its
# configs/classification/{cub200,aircrafts}/mixups/basic/{r18,rx50}_mixups_CE_none.py
# with _base_/datasets/{cub200,aircrafts}/sz224_bs16.py): one GPU x 16 images, the
# last partial batch dropped, SGD momentum 0.9, cosine by epoch to 0, no warm-up;
# shorter side to 256, random-resized crop 224 with area 0.5-1 (torchvision's
# bilinear), horizontal flip; test: shorter side 256, centre crop 224. The backbone
# starts from torchvision's ImageNet weights (torchvision://resnet18 or
# torchvision://resnext50_32x4d, downloaded by mmengine; its fc.* keys stay unused):
#   python tools/train.py CONFIG --cfg-options model.backbone.init_cfg.checkpoint=PATH
# The paper reports the median top-1 of the last 10 epochs. The dataset bases
# (cub.py, fgvc-aircraft.py) add the data and the number of classes.
_base_ = [
    '../../../_base_/guided_mixes.py',
    '../../automix-t1-cifar/_base_/openmixup_sgd.py',
    './models.py',
    './mixes.py',
]

data_preprocessor = dict(
    mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375], to_rgb=True)
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='ResizeEdge', scale=256, edge='short', backend='pillow',
         interpolation='bilinear'),
    dict(type='RandomResizedCrop', scale=224, crop_ratio_range=(0.5, 1.0),
         backend='pillow', interpolation='bilinear'),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='PackInputs'),
]
# The same loading and shorter-side resizing, then the centre crop.
test_pipeline = train_pipeline[:2] + [dict(type='CenterCrop', crop_size=224),
                                      dict(type='PackInputs')]
train_dataloader = dict(
    batch_size=16, num_workers=4, drop_last=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=100, num_workers=4, sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(type='Accuracy', topk=(1, 5))
test_evaluator = val_evaluator

optim_wrapper = dict(optimizer=dict(lr=0.001, weight_decay=5e-4))
param_scheduler = [
    dict(type='CosineAnnealingLR', T_max=200, eta_min=0.0, by_epoch=True, begin=0,
         end=200),
]
train_cfg = dict(by_epoch=True, max_epochs=200, val_interval=1)
auto_scale_lr = dict(base_batch_size=16)

_r18 = dict(init_cfg=dict(type='Pretrained', checkpoint='torchvision://resnet18'))
_rx50 = dict(init_cfg=dict(type='Pretrained',
                           checkpoint='torchvision://resnext50_32x4d'))
resnet18 = dict(backbone=_r18)
resnext50 = dict(backbone=_rx50)
automix_resnet18 = dict(backbone=_r18)
automix_resnext50 = dict(backbone=_rx50)

# AutoMix's own version of the recipe (OpenMixup's {cub200,aircrafts}/automix/
# {r18,rx50}_l2_a2_near_lam_cat_mb_mlr5e_4_1xb16_ep200.py): the Mix Block's group at
# lr 0.01, its cosine to 5e-4 (the rest in models.py).
# ../../automix-t5-finegrained-automix/_base_/<dataset>_automix.py sets them.
automix_optim_wrapper = dict(paramwise_cfg=dict(group_options=dict(mix_block=dict(lr=0.01))))
automix_param_scheduler = _base_.automix_cosines['finetune']
recipe_differences = _base_.recipe_differences + [
    "AutoMix arms: OpenMixup's fine-grained AutoMix draws its Mix Block partners "
    'without fixed points (mix_shuffle_no_repeat); mmrecmix uses torch.randperm, '
    'which may pair a sample with itself',
    "AutoMix RX-50 arms: OpenMixup adds a variance term to the mask loss "
    "(mask_loss_mode 'L1+Variance'); mmrecmix's mask loss is the L1 margin term only",
]
