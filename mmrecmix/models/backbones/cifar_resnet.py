"""He et al.'s three-stage ResNet for CIFAR (16-32-64 channels), as the CutMix authors
build it: the ResNet-110 of CutMix Table 6 (CIFAR-100)."""
from mmpretrain.models.backbones import ResNet_CIFAR
from mmpretrain.models.backbones.resnet import BasicBlock, Bottleneck

from mmrecmix.registry import MODELS

NUM_STAGES = 3


def blocks_per_stage(depth: int, bottleneck: bool) -> int:
    """depth = 9n + 2 for bottleneck blocks (3 convs each), 6n + 2 for basic ones."""
    step = NUM_STAGES * (3 if bottleneck else 2)
    if not isinstance(depth, int) or depth < step + 2 or (depth - 2) % step:
        raise ValueError(
            f'depth must be {step}n + 2 (n >= 1) for '
            f'{"bottleneck" if bottleneck else "basic"} blocks, got {depth}')
    return (depth - 2) // step


@MODELS.register_module()
class CIFARResNet(ResNet_CIFAR):
    """The CIFAR ResNet of He et al. (CVPR 2016, Sec. 4.2) as clovaai/CutMix-PyTorch
    ``resnet.py`` builds it for CIFAR, not mmpretrain's ``ResNet_CIFAR`` (which keeps
    the four ImageNet stages of 64-512 channels behind a CIFAR stem).

    Architecture: a 3x3 stride-1 conv to 16 channels + BN + ReLU, then three stages
    of n blocks with 16, 32 and 64 (times 4 for bottlenecks) channels, the second and
    third starting with stride 2; projection shortcuts (1x1 conv + BN) where the
    shape changes. The blocks, stages, ``frozen_stages``, ``norm_eval`` and
    ``res_layers`` are mmpretrain's ``ResNet``'s, with its post-activation
    ``BasicBlock`` / ``Bottleneck`` (stride on the 3x3 conv).

    The reference's default is bottleneck blocks (CutMix-PyTorch ``train.py``:
    ``--no-bottleneck`` is its only switch), so its ResNet-110 is 9 x 12 + 2 deep,
    with 256 output channels: 1,145,168 parameters (1,170,868 with a 100-class
    head), the only form that fits CutMix Table 6's 1.1 M. He et al.'s basic
    ResNet-110 (6 x 18 + 2, 64 channels) is ``bottleneck=False``: 1,730,064
    parameters, 1,730,714 with a 10-class head (He et al.'s 1.7 M).

    Args:
        depth (int): 9n + 2 for bottleneck blocks, 6n + 2 for basic ones.
            Default: 110.
        bottleneck (bool): Bottleneck (1x1-3x3-1x1, output 4x the width) or basic
            (3x3-3x3) blocks. Default: True, as the reference.
        base_channels (int): Stem width and width of stage 1. Default: 16.
        out_indices (Sequence[int]): Stages (0, 1, 2) returned. Default: (2, ).
        zero_init_residual (bool): Start the last BN of each block at 0.
            Default: False (the reference starts every BN at 1).
        **kwargs: mmpretrain ``ResNet``'s other arguments (``in_channels``,
            ``frozen_stages``, ``norm_cfg``, ``norm_eval``, ``with_cp``,
            ``drop_path_rate``, ``init_cfg``: by default He-normal convolutions over
            fan-out, as the reference).
    """

    def __init__(self, depth: int = 110, bottleneck: bool = True,
                 base_channels: int = 16, out_indices=(2, ),
                 zero_init_residual: bool = False, **kwargs):
        num_blocks = blocks_per_stage(depth, bottleneck)
        # mmpretrain's ResNet looks its blocks up by depth; 110 is both 9 x 12 + 2 and
        # 6 x 18 + 2, so this instance's table holds the one that ``bottleneck`` says.
        self.arch_settings = {
            depth: (Bottleneck if bottleneck else BasicBlock, (num_blocks, ) * NUM_STAGES)}
        super().__init__(depth, stem_channels=base_channels, base_channels=base_channels,
                         num_stages=NUM_STAGES, strides=(1, 2, 2), dilations=(1, 1, 1),
                         out_indices=out_indices, zero_init_residual=zero_init_residual,
                         **kwargs)
        self.bottleneck = bottleneck
