"""PyramidNet (Han et al., "Deep Pyramidal Residual Networks", CVPR 2017) for CIFAR:
the baseline network of the CutMix paper's CIFAR tables (T5-T8) and of RecursiveMix's
PyramidNet rows (T1-T3)."""
from collections import OrderedDict
from itertools import accumulate
from typing import List, Optional

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmcv.cnn import build_norm_layer
from mmcv.cnn.bricks import DropPath
from mmengine.model import BaseModule

from mmrecmix.registry import MODELS
from mmrecmix.utils.validation import check_range
from .dropblock import DropBlock, drop_block_stages
from .residual_stages import ResidualStagesBackbone
from .shakedrop import ShakeDrop

STEM_CHANNELS = 16
NUM_STAGES = 3
BOTTLENECK_EXPANSION = 4


def zero_padded_shortcut(x: torch.Tensor, out_channels: int,
                         stride: int) -> torch.Tensor:
    """The parameter-free shortcut of a pyramidal unit: ``x`` average-pooled 2x2 when
    the unit is strided, then zero channels appended up to ``out_channels``.

    The pooling rounds up like the strided 3x3 convolution of the residual branch
    (``ceil_mode``), so both agree on odd sizes: ceil(H / 2) x ceil(W / 2).
    """
    if stride == 2:
        x = F.avg_pool2d(x, kernel_size=2, stride=2, ceil_mode=True)
    return F.pad(x, (0, 0, 0, 0, 0, out_channels - x.shape[1]))


def _norm(norm_cfg: dict, channels: int) -> nn.Module:
    return build_norm_layer(norm_cfg, channels)[1]


def _conv(in_channels, out_channels, kernel_size, stride=1) -> nn.Conv2d:
    return nn.Conv2d(in_channels, out_channels, kernel_size, stride=stride,
                     padding=kernel_size // 2, bias=False)


def _bottleneck_branch(in_channels, mid_channels, stride, norm_cfg):
    """BN - 1x1 - BN - ReLU - 3x3 (strided) - BN - ReLU - 1x1 (x4) - BN (Fig. 6(e))."""
    return nn.Sequential(OrderedDict(
        norm_in=_norm(norm_cfg, in_channels),
        conv1=_conv(in_channels, mid_channels, 1),
        norm1=_norm(norm_cfg, mid_channels),
        act1=nn.ReLU(inplace=True),
        conv2=_conv(mid_channels, mid_channels, 3, stride),
        norm2=_norm(norm_cfg, mid_channels),
        act2=nn.ReLU(inplace=True),
        conv3=_conv(mid_channels, mid_channels * BOTTLENECK_EXPANSION, 1),
        norm_out=_norm(norm_cfg, mid_channels * BOTTLENECK_EXPANSION)))


def _basic_branch(in_channels, mid_channels, stride, norm_cfg):
    """BN - 3x3 (strided) - BN - ReLU - 3x3 - BN (Fig. 6(d))."""
    return nn.Sequential(OrderedDict(
        norm_in=_norm(norm_cfg, in_channels),
        conv1=_conv(in_channels, mid_channels, 3, stride),
        norm1=_norm(norm_cfg, mid_channels),
        act1=nn.ReLU(inplace=True),
        conv2=_conv(mid_channels, mid_channels, 3),
        norm_out=_norm(norm_cfg, mid_channels)))


def with_drop_blocks(branch: nn.Sequential, drop_block: dict) -> nn.Sequential:
    """``branch`` with a :class:`DropBlock` after each convolution's BN (and ReLU):
    after ``act1``, ``act2`` and ``norm_out`` (parameter-free, so the state dict
    keeps its keys)."""
    layers = OrderedDict()
    for name, layer in branch.named_children():
        layers[name] = layer
        if name.startswith('act') or name == 'norm_out':
            layers[f'drop_block_{name}'] = DropBlock(**drop_block)
    return nn.Sequential(layers)


def check_drop_path_rate(rate: float) -> None:
    if not 0 <= rate < 1:
        raise ValueError(f'drop_path_rate must be in [0, 1), got {rate}')


def drop_path_rates(num_units: int, rate: float) -> List[float]:
    """Stochastic depth's linear rule (Huang et al. 2016, Eq. 4): unit l of L drops
    its residual branch with probability ``l / L * rate``, the last one with
    ``rate`` (survival 1 - rate). ShakeDrop's rule is the same (Yamada et al.
    2018, :math:`p_l = 1 - l / L (1 - p_L)` for the survival :math:`p_l`)."""
    return [rate * unit / num_units for unit in range(1, num_units + 1)]


class PyramidUnit(BaseModule):
    """One pyramidal residual unit: ``y = F(x) + shortcut(x)`` with the residual branch
    ``F`` starting with a BN and ending with a BN without ReLU (the paper's Fig. 6),
    and the zero-padded identity shortcut of :func:`zero_padded_shortcut`.

    With ``drop_path_rate`` p > 0 the branch is stochastic depth's (Huang et al.
    2016): while training, each sample's ``F(x)`` is dropped with probability p and
    otherwise scaled by ``1 / (1 - p)`` (mmcv's ``DropPath``), so that evaluation
    uses ``F(x)`` as it is. With ``shake_drop_rate`` p > 0 it is ShakeDrop's
    (:class:`ShakeDrop`) instead. With ``drop_block`` the unit drops blocks
    (:class:`DropBlock`) as the DropBlock authors' ResNet does: after each
    convolution's BN (and ReLU) of ``F`` and on the shortcut.

    Args:
        in_channels (int): Channels of the input.
        mid_channels (int): The unit's width D_k; the output has ``4 * D_k``
            channels for a bottleneck unit and ``D_k`` for a basic one.
        stride (int): 1, or 2 for the first unit of stages 2 and 3.
        bottleneck (bool): Bottleneck (1x1-3x3-1x1) or basic (3x3-3x3) unit.
        norm_cfg (dict): The normalisation layers' config.
        drop_path_rate (float): Probability, in [0, 1), of dropping the residual
            branch of a sample while training. Default: 0.
        shake_drop_rate (float): ShakeDrop's drop probability, in [0, 1]; not
            with ``drop_path_rate``. Default: 0.
        drop_block (dict, optional): The :class:`DropBlock` arguments, or ``None``
            for none. Default: None.
    """

    def __init__(self, in_channels: int, mid_channels: int, stride: int = 1,
                 bottleneck: bool = True, norm_cfg: dict = dict(type='BN'),
                 drop_path_rate: float = 0.0, shake_drop_rate: float = 0.0,
                 drop_block: Optional[dict] = None, init_cfg=None):
        super().__init__(init_cfg)
        if stride not in (1, 2):
            raise ValueError(f'stride must be 1 or 2, got {stride}')
        check_drop_path_rate(drop_path_rate)
        if drop_path_rate > 0 and shake_drop_rate > 0:
            raise ValueError('drop_path_rate and shake_drop_rate both regularise the '
                             'residual branch: set one of them.')
        self.stride = stride
        self.out_channels = mid_channels * (BOTTLENECK_EXPANSION if bottleneck else 1)
        if self.out_channels < in_channels:
            raise ValueError(
                f'a pyramidal unit widens its input: its output channels '
                f'({self.out_channels}) must be >= in_channels ({in_channels})')
        make_branch = _bottleneck_branch if bottleneck else _basic_branch
        self.residual = make_branch(in_channels, mid_channels, stride, norm_cfg)
        if drop_block is not None:
            self.residual = with_drop_blocks(self.residual, drop_block)
        self.drop_path = (DropPath(drop_path_rate) if drop_path_rate > 0
                          else ShakeDrop(shake_drop_rate) if shake_drop_rate > 0
                          else nn.Identity())
        self.shortcut_drop_block = (nn.Identity() if drop_block is None
                                    else DropBlock(**drop_block))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.drop_path(self.residual(x)) + self.shortcut_drop_block(
            zero_padded_shortcut(x, self.out_channels, self.stride))


def blocks_per_stage(depth: int, bottleneck: bool) -> int:
    """depth = 9n + 2 for bottleneck units (3 convs each), 6n + 2 for basic ones."""
    convs_per_unit = 3 if bottleneck else 2
    step = NUM_STAGES * convs_per_unit
    if not isinstance(depth, int) or depth < step + 2 or (depth - 2) % step:
        raise ValueError(
            f'depth must be {step}n + 2 (n >= 1) for '
            f'{"bottleneck" if bottleneck else "basic"} units, e.g. '
            f'{"164 or 200" if bottleneck else "110"}, got {depth}')
    return (depth - 2) // step


def pyramid_widths(depth: int, alpha: float, bottleneck: bool) -> List[List[int]]:
    """The widths D_k of the units of each stage: 16 plus ``alpha / N`` per unit over
    the N units of the network, D_N = 16 + alpha (the paper's Eq. 2, additive).

    Rounded as the reference code does it (a running float sum, Python's round), so
    the widths, hence the parameter counts, are those of the published runs.
    """
    units_per_stage = blocks_per_stage(depth, bottleneck)
    num_units = NUM_STAGES * units_per_stage
    running = accumulate([alpha / num_units] * num_units, initial=float(STEM_CHANNELS))
    widths = [round(width) for width in list(running)[1:]]
    return [widths[i:i + units_per_stage]
            for i in range(0, num_units, units_per_stage)]


@MODELS.register_module()
class PyramidNet(ResidualStagesBackbone):
    """Additive PyramidNet for CIFAR (Han et al., CVPR 2017), as the CutMix authors'
    code (clovaai/CutMix-PyTorch ``pyramidnet.py``) builds it.

    Instead of doubling the width at each downsampling, every unit widens the
    network by the same step: unit k of N has width
    ``D_k = 16 + k * alpha / N`` (rounded), so the last one is ``16 + alpha``
    wide and a bottleneck network ends with ``4 * (16 + alpha)`` channels. The
    shortcuts are identities, average-pooled when strided and zero-padded to the
    unit's width (no projection). Stem: a 3x3 stride-1 conv to 16 channels and BN;
    stages 2 and 3 start with a stride-2 unit; the last stage ends with BN + ReLU
    (before the head's global pooling).

    PyramidNet-200 with alpha 240 has 26,844,952 parameters with a 100-class head
    (the CutMix paper's 26.8 M); the documentation's backbones page lists the
    other variants' counts.

    Args:
        depth (int): 9n + 2 for bottleneck units (200, 164), 6n + 2 for basic
            units (110). Default: 200.
        alpha (float): The widening factor, the width the units add in total.
            Default: 240.
        bottleneck (bool): Bottleneck units (output 4x their width) or basic
            units. Default: True.
        in_channels (int): Channels of the input image. Default: 3.
        out_indices (int | Sequence[int]): The stages (0, 1, 2) whose outputs are
            returned. Default: (2, ).
        frozen_stages (int): -1 freezes nothing, 0 the stem, k the stem and
            stages 1..k. Default: -1.
        norm_eval (bool): Keep BN in eval mode while training. Default: False.
        norm_cfg (dict): The normalisation layers. Default: ``dict(type='BN')``.
        drop_path_rate (float): Stochastic depth (Huang et al. 2016): the drop
            probability of the last unit's residual branch while training, unit
            l of L dropping its own with ``l / L * drop_path_rate`` (the linear
            rule of :func:`drop_path_rates`). Default: 0, no drop.
        shake_drop_rate (float): ShakeDrop (Yamada et al. 2018,
            :class:`ShakeDrop`): the drop probability :math:`1 - p_L` of the last
            unit, unit l of L using ``l / L * shake_drop_rate``; the paper's and
            the authors' code's value is 0.5. Not with ``drop_path_rate``.
            Default: 0, no ShakeDrop.
        drop_block (dict, optional): DropBlock (Ghiasi et al. 2018,
            :class:`DropBlock`) in the units of some stages: ``keep_prob``,
            ``block_size``, ``stages`` (1-based) and optionally
            ``linear_schedule`` (default True, with
            :class:`mmrecmix.TrainProgressHook`). The CutMix paper's CIFAR arm:
            ``dict(keep_prob=0.9, block_size=4, stages=(2, 3))``. Default: None.
        init_cfg (dict | list[dict]): Default: the reference code's, He-normal
            convolutions over fan-out, BN weight 1 and bias 0.
    """

    def __init__(self, depth: int = 200, alpha: float = 240, bottleneck: bool = True,
                 in_channels: int = 3, out_indices=(2, ), frozen_stages: int = -1,
                 norm_eval: bool = False, norm_cfg: dict = dict(type='BN'),
                 drop_path_rate: float = 0.0, shake_drop_rate: float = 0.0,
                 drop_block: Optional[dict] = None,
                 init_cfg=[
                     dict(type='Kaiming', layer='Conv2d', mode='fan_out',
                          nonlinearity='relu'),
                     dict(type='Constant', val=1, layer=['_BatchNorm', 'GroupNorm'])
                 ]):
        if alpha < 0:
            raise ValueError(f'alpha must be >= 0, got {alpha}')
        stem = nn.Sequential(OrderedDict(
            conv=_conv(in_channels, STEM_CHANNELS, 3),
            norm=_norm(norm_cfg, STEM_CHANNELS)))
        stages, out_channels = [], []
        channels = STEM_CHANNELS
        all_widths = pyramid_widths(depth, alpha, bottleneck)
        num_units = sum(map(len, all_widths))
        check_drop_path_rate(drop_path_rate)
        check_range('PyramidNet', 'shake_drop_rate', shake_drop_rate, 0, 1)
        rates = iter(drop_path_rates(num_units, drop_path_rate))
        shake_rates = iter(drop_path_rates(num_units, shake_drop_rate))
        stage_drop_blocks = ([None] * NUM_STAGES if drop_block is None
                             else drop_block_stages(drop_block, NUM_STAGES))
        for index, widths in enumerate(all_widths):
            units = []
            for position, width in enumerate(widths):
                stride = 2 if index > 0 and position == 0 else 1
                units.append(PyramidUnit(
                    channels, width, stride, bottleneck, norm_cfg, next(rates),
                    next(shake_rates), stage_drop_blocks[index]))
                channels = units[-1].out_channels
            stages.append(nn.Sequential(*units))
            out_channels.append(channels)
        stages[-1].add_module('final_norm', _norm(norm_cfg, channels))
        stages[-1].add_module('final_act', nn.ReLU(inplace=True))
        super().__init__(stem, stages, out_channels, out_indices, frozen_stages,
                         norm_eval, init_cfg)
        self.depth = depth
        self.alpha = alpha
        self.bottleneck = bottleneck
        self.drop_path_rate = drop_path_rate
        self.shake_drop_rate = shake_drop_rate
