"""Wide residual networks (Zagoruyko & Komodakis, BMVC 2016) for CIFAR, as OpenMixup
builds them: the WRN-28-8 of the AutoMix paper's CIFAR-100 table (T1)."""
from typing import Optional

import torch
import torch.nn as nn
from mmcv.cnn import build_activation_layer, build_norm_layer
from mmengine.model import BaseModule

from mmrecmix.registry import MODELS
from .residual_stages import ResidualStagesBackbone

STEM_CHANNELS = 16
STAGE_WIDTHS = (16, 32, 64)  # times widen_factor
PREACT_SHORTCUT_CHOICES = ('first', 'all')


class WideBasicBlock(BaseModule):
    """A pre-activation basic block ``y = conv(act(BN(conv(act(BN(x)))))) + s(x)``
    with a dropout before the second convolution; ``s`` is the identity, or a
    1x1 (strided) projection where the width or the size changes.

    Args:
        in_channels (int): Channels of the input.
        out_channels (int): Channels of the output.
        stride (int): Stride of the first 3x3 conv and of the projection.
        drop_rate (float): Dropout probability inside the block.
        preact_shortcut (bool): The projection reads ``act(BN(x))`` instead of
            ``x`` (no effect on an identity shortcut).
        conv_bias (bool): Give the convolutions a bias.
        norm_cfg (dict): The normalisation layers.
        act_cfg (dict): The activations.
    """

    def __init__(self, in_channels: int, out_channels: int, stride: int = 1,
                 drop_rate: float = 0., preact_shortcut: bool = False,
                 conv_bias: bool = True, norm_cfg: dict = dict(type='BN'),
                 act_cfg: dict = dict(type='ReLU'), init_cfg=None):
        super().__init__(init_cfg)
        self.norm1 = build_norm_layer(norm_cfg, in_channels)[1]
        self.act1 = build_activation_layer(act_cfg)
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride=stride,
                               padding=1, bias=conv_bias)
        self.norm2 = build_norm_layer(norm_cfg, out_channels)[1]
        self.act2 = build_activation_layer(act_cfg)
        self.dropout = nn.Dropout(drop_rate) if drop_rate > 0 else nn.Identity()
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, padding=1,
                               bias=conv_bias)
        self.projection: Optional[nn.Conv2d] = None
        if stride != 1 or in_channels != out_channels:
            self.projection = nn.Conv2d(in_channels, out_channels, 1, stride=stride,
                                        bias=conv_bias)
        self.preact_shortcut = preact_shortcut

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        preact = self.act1(self.norm1(x))
        out = self.conv2(self.dropout(self.act2(self.norm2(self.conv1(preact)))))
        if self.projection is None:
            return out + x
        return out + self.projection(preact if self.preact_shortcut else x)


def blocks_per_stage(depth: int) -> int:
    """depth = 6n + 4, as the paper counts it: n blocks of two 3x3 convs per stage."""
    if not isinstance(depth, int) or depth < 10 or (depth - 4) % 6:
        raise ValueError(f'depth must be 6n + 4 (n >= 1), e.g. 16, 28 or 40, '
                         f'got {depth}')
    return (depth - 4) // 6


@MODELS.register_module()
class WideResNet(ResidualStagesBackbone):
    """WRN-d-k for CIFAR (Zagoruyko & Komodakis, "Wide Residual Networks", 2016).

    A 3x3 stem conv to 16 channels, then three stages of ``(d - 4) / 6``
    pre-activation basic blocks (:class:`WideBasicBlock`) of widths 16k, 32k and
    64k, the second and third starting with stride 2; the last stage ends with
    BN + activation. WRN-28-8: 4 blocks per stage, widths 128-256-512.

    The defaults are OpenMixup's ``WideResNet``, with which the AutoMix paper's
    WRN-28-8 rows were trained: LeakyReLU(0.1), BN momentum 0.001 and eps 0.001,
    convolutions with biases, and only the first block of stage 1 feeding its
    projection with the pre-activated input. Zagoruyko & Komodakis's own network is
    ``act_cfg=dict(type='ReLU'), norm_cfg=dict(type='BN'), conv_bias=False,
    preact_shortcut='all'``. WRN-28-8 has 23,409,092 parameters with a 100-class
    head; the documentation's backbones page lists the counts of both forms.

    Args:
        depth (int): 6n + 4. Default: 28.
        widen_factor (int): k, the width multiplier. Default: 8.
        drop_rate (float): Dropout inside each block, in [0, 1). Default: 0.
        in_channels (int): Channels of the input image. Default: 3.
        preact_shortcut (str): Which projections read the pre-activated input:
            ``'first'`` (stage 1's first block, OpenMixup) or ``'all'``
            (Zagoruyko's code). Default: ``'first'``.
        conv_bias (bool): Convolutions with a bias (OpenMixup). Default: True.
        norm_cfg (dict): Default: ``dict(type='BN', momentum=0.001, eps=0.001)``.
        act_cfg (dict): Default: ``dict(type='LeakyReLU', negative_slope=0.1)``.
        out_indices (int | Sequence[int]): Stages (0, 1, 2) returned.
            Default: (2, ).
        frozen_stages (int): -1 freezes nothing, 0 the stem, k the stem and
            stages 1..k. Default: -1.
        norm_eval (bool): Keep BN in eval mode while training. Default: False.
        init_cfg (dict | list[dict]): Default: OpenMixup's, He-normal
            convolutions over fan-out with zero biases, BN weight 1 and bias 0.
    """

    def __init__(self, depth: int = 28, widen_factor: int = 8, drop_rate: float = 0.,
                 in_channels: int = 3, preact_shortcut: str = 'first',
                 conv_bias: bool = True,
                 norm_cfg: dict = dict(type='BN', momentum=0.001, eps=0.001),
                 act_cfg: dict = dict(type='LeakyReLU', negative_slope=0.1),
                 out_indices=(2, ), frozen_stages: int = -1, norm_eval: bool = False,
                 init_cfg=[
                     dict(type='Kaiming', layer='Conv2d', mode='fan_out',
                          nonlinearity='leaky_relu'),
                     dict(type='Constant', val=1, layer=['_BatchNorm', 'GroupNorm'])
                 ]):
        num_blocks = blocks_per_stage(depth)
        if not isinstance(widen_factor, int) or widen_factor < 1:
            raise ValueError(f'widen_factor must be an int >= 1, got {widen_factor}')
        if not 0 <= drop_rate < 1:
            raise ValueError(f'drop_rate must be in [0, 1), got {drop_rate}')
        if preact_shortcut not in PREACT_SHORTCUT_CHOICES:
            raise ValueError(f'preact_shortcut must be one of '
                             f'{PREACT_SHORTCUT_CHOICES}, got {preact_shortcut!r}')
        stem = nn.Conv2d(in_channels, STEM_CHANNELS, 3, padding=1, bias=conv_bias)
        stages, out_channels = [], []
        channels = STEM_CHANNELS
        for index, width in enumerate(STAGE_WIDTHS):
            width *= widen_factor
            blocks = []
            for position in range(num_blocks):
                blocks.append(WideBasicBlock(
                    channels, width,
                    stride=2 if index > 0 and position == 0 else 1,
                    drop_rate=drop_rate,
                    preact_shortcut=preact_shortcut == 'all' or index == 0,
                    conv_bias=conv_bias, norm_cfg=norm_cfg, act_cfg=act_cfg))
                channels = width
            stages.append(nn.Sequential(*blocks))
            out_channels.append(width)
        stages[-1].add_module('final_norm', build_norm_layer(norm_cfg, channels)[1])
        stages[-1].add_module('final_act', build_activation_layer(act_cfg))
        super().__init__(stem, stages, out_channels, out_indices, frozen_stages,
                         norm_eval, init_cfg)
        self.depth = depth
        self.widen_factor = widen_factor
