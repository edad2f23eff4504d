"""mmpretrain's DenseNet with the CIFAR stem, as the RecursiveMix authors build it: the
DenseNet-121 and DenseNet-161 of RecursiveMix Table 3 (CIFAR-100)."""
import torch.nn as nn
from mmpretrain.models.backbones import DenseNet

from mmrecmix.registry import MODELS


@MODELS.register_module()
class DenseNet_CIFAR(DenseNet):
    """DenseNet-BC (Huang et al., CVPR 2017) for 32x32 images, as the RecursiveMix
    authors' code (implus/RecursiveMix-pytorch ``models_cifar/densenet.py``) builds it.

    Architecture: a 3x3 stride-1 convolution to ``2 * growth_rate`` channels (no BN,
    ReLU or max-pooling after it), then four dense blocks of BN-ReLU-1x1 conv
    (``bn_size * growth_rate``)-BN-ReLU-3x3 conv (``growth_rate``) layers, each
    concatenating its output to its input; between blocks a transition of BN, 1x1
    conv halving the channels and 2x2 average pooling, and after the last block BN +
    ReLU. The blocks, the layers and the last BN + ReLU are mmpretrain's ``DenseNet``;
    the stem replaces its 7x7 stride-2 conv + BN + ReLU + max-pooling, and the
    reference's transitions have no ReLU between their BN and conv (the DenseNet
    paper's and mmpretrain's have one: ``transition_act=True``).

    Stage outputs (after each transition, so at strides 2, 4, 8 and 8):
    DenseNet-121 (growth 32, blocks 6-12-24-16) 128, 256, 512 and 1024 channels,
    6,946,048 parameters (7,048,548 with a 100-class head); DenseNet-161 (growth
    48, blocks 6-12-36-24) 192, 384, 1056 and 2208 channels, 26,460,288
    (26,681,188). The initialisation is PyTorch's default, as in the reference.

    Args:
        arch (str | dict): ``'121'``, ``'161'``, ``'169'``, ``'201'`` or a dict as
            mmpretrain's ``DenseNet`` takes it. Default: ``'121'``.
        in_channels (int): Channels of the input image. Default: 3.
        transition_act (bool): An activation between each transition's BN and conv.
            Default: False, as the reference.
        **kwargs: mmpretrain ``DenseNet``'s other arguments (``bn_size``,
            ``drop_rate``, ``compression_factor``, ``memory_efficient``,
            ``norm_cfg``, ``act_cfg``, ``out_indices``, ``frozen_stages``,
            ``init_cfg``).
    """

    def __init__(self, arch='121', in_channels: int = 3, transition_act: bool = False,
                 **kwargs):
        super().__init__(arch, in_channels=in_channels, **kwargs)
        self.stem = nn.Conv2d(in_channels, self.init_channels, kernel_size=3, padding=1,
                              bias=False)
        if not transition_act:
            for transition in self.transitions[:-1]:
                transition.act = nn.Identity()
        self.transition_act = transition_act
