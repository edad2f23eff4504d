# The classifiers of AutoMix Table 5, as variables (the dataset bases set their
# num_classes, the arms pick one as `model = _base_.<name>`): an mmpretrain ResNet /
# ResNeXt (32x4d) in its ImageNet form (7x7 stem: the appendix says the CIFAR stem is
# used only on CIFAR and Tiny-ImageNet), global average pooling, a linear head with
# cross-entropy (OpenMixup's ClsHead, configs/classification/<dataset>/mixups/*.py).
# The AutoMix versions copy ../../automix-t2-in1k-automix/_base_/automix_resnet.py
# (OpenMixup's <dataset>/automix/*_l2_a2_near_lam_cat_mb_*.py: Mix Block on stage 3 with
# the lambda channel, nearest upsampling, Beta(2, 2), Mixup within 0.08 of 0 or 1, mask
# loss 0.1 with margin 0.1 annealed by iteration as OpenMixup's compounding
# CustomCosineAnnealingHook). Last, the pieces of AutoMix's recipes that the recipe
# bases give their AutoMix arms: the Mix Block in its own parameter group (SGD
# momentum 0.9), a cosine for the encoder to 0 and one for the Mix Block to its own
# floor, the momentum encoder at 0.999 for the first 10% of the iterations, then the
# cosine to 0.99999 (OpenMixup's CosineScheduleHook, adjust_scope [0.1, 1.0]).
_loss = dict(type='CrossEntropyLoss', loss_weight=1.0)
_neck = dict(type='GlobalAveragePooling')
_resnet = dict(type='ResNet', num_stages=4, out_indices=(3, ), style='pytorch')
_resnext = dict(_resnet, type='ResNeXt', groups=32, width_per_group=4)


def _classifier(backbone, width):
    return dict(type='ImageClassifier', backbone=backbone, neck=_neck,
                head=dict(type='LinearClsHead', in_channels=width, loss=_loss,
                          topk=(1, 5)))


def _automix(classifier, mix_block_channels):
    return dict(
        classifier, type='mmrecmix.AutoMixClassifier',
        backbone=dict(classifier['backbone'], out_indices=(2, 3)),
        mix_head=dict(classifier['head'], topk=(1, )),
        mix_block=dict(type='mmrecmix.AutoMixBlock', in_channels=mix_block_channels,
                       reduction=2, lam_concat=True, upsample='nearest'),
        mix_stage=2, alpha=2.0, mixup_margin=0.08,
        mask_loss=dict(weight=0.1, margin=0.1, anneal='compounding_cosine'))


resnet18 = _classifier(dict(_resnet, depth=18), 512)
resnet50 = _classifier(dict(_resnet, depth=50), 2048)
resnext50 = _classifier(dict(_resnext, depth=50), 2048)
resnext101 = _classifier(dict(_resnext, depth=101), 2048)
automix_resnet18 = _automix(resnet18, 256)
automix_resnet50 = _automix(resnet50, 1024)
automix_resnext50 = _automix(resnext50, 1024)
automix_resnext101 = _automix(resnext101, 1024)


def _two_cosines(epochs, mix_block_min_lr):
    cosine = dict(type='mmrecmix.GroupCosineAnnealingLR', T_max=epochs, by_epoch=True,
                  begin=0, end=epochs)
    return [dict(cosine, exclude_groups=['mix_block'], eta_min=0.0),
            dict(cosine, groups=['mix_block'], eta_min=mix_block_min_lr)]


# By recipe: CUB / Aircraft (mlr5e_4, 200 epochs), iNaturalist (mlr1e_4), Places205
# (mlr1e_3).
automix_cosines = dict(finetune=_two_cosines(200, 5e-4), inat=_two_cosines(100, 1e-4),
                       places=_two_cosines(100, 1e-3))
automix_optim_wrapper = dict(
    constructor='mmrecmix.GroupOptionsConstructor',
    paramwise_cfg=dict(group_options=dict(mix_block=dict(momentum=0.9))))
automix_hooks = [dict(type='mmrecmix.AutoMixMomentumHook', momentum=0.999,
                      end_momentum=0.99999, constant_ratio=0.1)]
