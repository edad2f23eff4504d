# ImageNet-1k, ResNet-50: + DropBlock (Ghiasi et al. 2018), CutMix Table 3 (21.87 /
# 5.98), copied by RecursiveMix Table 6. "The performance of DropBlock is from the
# original paper and the difference from our setting is the training epochs which is
# set to 270" (CutMix Sec. 4.1.1): the DropBlock paper's ResNet-50 (its Table 1,
# 78.13% top-1), DropBlock in groups 3 and 4 (stages 3 and 4), block size 7, keep_prob
# 0.9 reached linearly from 1 (TrainProgressHook), after each BN / ReLU and on the
# shortcut as tensorflow/tpu resnet_model.py. Trained here in the CutMix recipe of
# ../cutmix-imagenet-300e/; its own folder because the network differs from the other
# arms', not the mix.
_base_ = ['../cutmix-imagenet-300e/resnet50_4xb64-300e_in1k.py']

model = dict(
    backbone=dict(type='mmrecmix.DropBlockResNet',
                  drop_block=dict(keep_prob=0.9, block_size=7, stages=(3, 4))))
custom_hooks = [dict(type='mmrecmix.TrainProgressHook')]

paper_rows = [
    dict(paper='CutMix', table='T3', group='ResNet-50', method='DropBlock'),
    dict(paper='RecursiveMix', table='T6', group='ResNet-50', method='DropBlock'),
]
recipe_differences = _base_.recipe_differences + [
    'the number is the DropBlock paper\'s own run (270 epochs, its TPU recipe; the '
    'CutMix paper says so): this config trains DropBlock in the CutMix recipe, 300 '
    'epochs',
]
