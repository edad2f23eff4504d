"""mmpretrain's ResNeXt with the CIFAR stem: OpenMixup's ``ResNeXt_CIFAR``, the
"RX-50" (32x4d) of the AutoMix paper's CIFAR and Tiny-ImageNet tables."""
from mmpretrain.models.backbones import ResNet_CIFAR, ResNeXt

from mmrecmix.registry import MODELS


@MODELS.register_module()
class ResNeXt_CIFAR(ResNet_CIFAR, ResNeXt):
    """ResNeXt (Xie et al., CVPR 2017) for 32x32 images: mmpretrain's ``ResNeXt``
    blocks and stages behind ``ResNet_CIFAR``'s stem, a 3x3 stride-1 conv + BN +
    ReLU without max-pooling, so stage 1 runs at the input resolution.

    It takes its stem and ``forward`` from ``ResNet_CIFAR`` and its bottlenecks
    (``groups`` x ``width_per_group`` grouped 3x3 convs) from ``ResNeXt``, which is
    what OpenMixup's ``ResNeXt_CIFAR`` is; every other argument and default is
    mmpretrain's ``ResNet`` (``out_indices=(3, )``, ``zero_init_residual=True``,
    ...). Stage outputs: 256, 512, 1024 and 2048 channels at strides 1, 2, 4, 8.
    RX-50 (32x4d) has 23,177,124 parameters with a 100-class head.

    Args:
        depth (int): 50, 101 or 152. Default: 50.
        groups (int): Groups of each bottleneck's 3x3 conv. Default: 32.
        width_per_group (int): Channels per group in stage 1 (doubling with each
            stage). Default: 4.
        deep_stem (bool): Must stay False (the CIFAR stem is a single conv).
        **kwargs: mmpretrain ``ResNet``'s other arguments.
    """

    def __init__(self, depth: int = 50, groups: int = 32, width_per_group: int = 4,
                 deep_stem: bool = False, **kwargs):
        if depth not in ResNeXt.arch_settings:
            raise ValueError(f'depth must be one of {sorted(ResNeXt.arch_settings)}, '
                             f'got {depth}')
        if deep_stem:
            raise ValueError('deep_stem must be False: ResNeXt_CIFAR has the CIFAR '
                             'stem (one 3x3 conv)')
        super().__init__(depth, groups=groups, width_per_group=width_per_group,
                         **kwargs)
