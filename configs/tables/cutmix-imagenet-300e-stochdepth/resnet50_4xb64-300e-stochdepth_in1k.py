# ImageNet-1k, ResNet-50: + Stochastic Depth (Huang et al. 2016), CutMix Table 3
# (22.46 / 6.27), copied by RecursiveMix Table 6. The paper sets "the dropping rate of
# residual blocks to 0.25" (Sec. 4.1.1); read as Huang et al.'s linear rule, the drop
# rate grows with depth to 0.25 at the last block: mmpretrain's
# ResNet(drop_path_rate=0.25), whose rate is linspace(0, 0.25) over the 16 blocks.
# The baseline arm of ../cutmix-imagenet-300e/; its own folder because the network
# differs from the other arms', not the mix.
_base_ = ['../cutmix-imagenet-300e/resnet50_4xb64-300e_in1k.py']

model = dict(backbone=dict(drop_path_rate=0.25))

paper_rows = [
    dict(paper='CutMix', table='T3', group='ResNet-50', method='Stochastic Depth'),
    dict(paper='RecursiveMix', table='T6', group='ResNet-50', method='Stochastic Depth'),
]
recipe_differences = _base_.recipe_differences + [
    "stochastic depth: the paper's drop rate 0.25 read as the last block's (linear "
    'rule, first block 0 as mmpretrain draws it); the paper does not say which',
]
