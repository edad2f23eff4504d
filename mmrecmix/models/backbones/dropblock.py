r"""DropBlock (Ghiasi et al., NeurIPS 2018): the CutMix paper's feature-level Cutout
baseline (Tables 3 and 5), on PyramidNet and on mmpretrain's ResNet.

Neither maintained implementation draws the paper's masks: torchvision's
``drop_block2d`` refuses even block sizes (the CutMix paper's CIFAR block is 4),
and timm's ``DropBlock2d`` (1.0.23 and later) draws block seeds over the whole map
with the paper's seed rate, which is meant for the valid region only, so it drops
about twice the paper's share on 8 x 8 and 14 x 14 maps.
"""
from typing import Sequence, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.utils.checkpoint as cp
from mmpretrain.models.backbones.resnet import Bottleneck, ResNet

from mmrecmix.registry import MODELS
from mmrecmix.utils.validation import check_keys, check_range


def seed_rate(drop_prob: float, height: int, width: int, block_h: int,
              block_w: int) -> float:
    r"""The Bernoulli rate :math:`\gamma` of block seeds (the paper's Eq. 1), so that
    a share ``drop_prob`` :math:`= 1 - \mathrm{keep\_prob}` of the map is dropped:

    .. math::
        \gamma = \frac{1 - \mathrm{keep\_prob}}{b_h b_w}
                 \frac{H W}{(H - b_h + 1)(W - b_w + 1)}

    (:math:`b_h = b_w` = ``block_size`` on maps at least that large); at most
    ``drop_prob``, since :math:`b (H - b + 1) \ge H`.
    """
    valid = (height - block_h + 1) * (width - block_w + 1)
    return drop_prob * height * width / (block_h * block_w) / valid


def block_keep_mask(seeds: torch.Tensor, block: Tuple[int, int]) -> torch.Tensor:
    """The keep mask ``(N, C, H, W)`` of the seeds ``(N, C, H - b_h + 1, W - b_w +
    1)``: 0 in the ``b_h x b_w`` block whose top-left corner is each seed that is 1,
    so every block lies wholly inside the map (the paper's Fig. 2), 1 elsewhere."""
    block_h, block_w = block
    padded = F.pad(seeds, (block_w - 1, block_w - 1, block_h - 1, block_h - 1))
    return 1 - F.max_pool2d(padded, (block_h, block_w), stride=1)


def drop_block(x: torch.Tensor, drop_prob: float, block_size: int) -> torch.Tensor:
    r"""DropBlock on ``x`` ``(N, C, H, W)`` (the paper's Algorithm 1):

    .. math::
        M = \mathrm{blocks}(S), \; S_{ij} \sim \mathrm{Bernoulli}(\gamma), \qquad
        A' = A \odot M \cdot \frac{\mathrm{count}(M)}{\mathrm{count\_ones}(M)}

    with :math:`\gamma` of :func:`seed_rate` and the blocks of
    :func:`block_keep_mask`. As the authors' code (tensorflow/tpu
    ``resnet_model.py``), each channel of each sample has its own mask and the
    normalisation counts the whole batch; a block wider than the map is cut to it.
    """
    _, _, height, width = x.shape
    block = (min(block_size, height), min(block_size, width))
    gamma = seed_rate(drop_prob, height, width, *block)
    seed_shape = (*x.shape[:2], height - block[0] + 1, width - block[1] + 1)
    seeds = (torch.rand(seed_shape, device=x.device) < gamma).to(x.dtype)
    keep = block_keep_mask(seeds, block)
    return x * keep * (keep.numel() / keep.sum().clamp(min=1))


class DropBlock(nn.Module):
    """DropBlock while training, the identity in evaluation.

    With ``linear_schedule`` (the paper's Sec. 3, "Scheduling DropBlock") the drop
    share grows linearly over training, ``(1 - keep_prob) * t`` at the share ``t``
    of the training iterations, as :class:`mmrecmix.TrainProgressHook` reports it
    through :meth:`set_progress`; before any report (a model trained without the
    hook) it is the target ``1 - keep_prob``.

    Args:
        keep_prob (float): The target share of units kept, in (0, 1].
        block_size (int): Side of the square dropped blocks.
        linear_schedule (bool): Start from keeping everything. Default: True.
    """

    def __init__(self, keep_prob: float, block_size: int, linear_schedule: bool = True):
        super().__init__()
        check_range('DropBlock', 'keep_prob', keep_prob, 0, 1, low_open=True)
        if not isinstance(block_size, int) or block_size < 1:
            raise ValueError(f'DropBlock: block_size must be an int >= 1, got '
                             f'{block_size!r}.')
        self.keep_prob = keep_prob
        self.block_size = block_size
        self.linear_schedule = linear_schedule
        self.progress = 1.0

    def set_progress(self, progress: float) -> None:
        """The share of training done, in [0, 1] (:class:`TrainProgressHook`)."""
        self.progress = progress

    @property
    def drop_prob(self) -> float:
        """The share dropped now."""
        scale = self.progress if self.linear_schedule else 1.0
        return (1 - self.keep_prob) * scale

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training or self.drop_prob == 0:
            return x
        return drop_block(x, self.drop_prob, self.block_size)

    def extra_repr(self) -> str:
        return (f'keep_prob={self.keep_prob}, block_size={self.block_size}, '
                f'linear_schedule={self.linear_schedule}')


#: The keys of a ``drop_block`` option, and those without a default.
DROP_BLOCK_KEYS = ('keep_prob', 'block_size', 'stages', 'linear_schedule')
REQUIRED_DROP_BLOCK_KEYS = ('keep_prob', 'block_size', 'stages')


def check_drop_block(owner: str, drop_block: dict, num_stages: int) -> dict:
    """``drop_block`` checked: known keys, all required ones, stages (1-based)
    distinct in ``1..num_stages``; returns the :class:`DropBlock` arguments and the
    stages as ``dict(stages=..., module=...)``."""
    check_keys(owner, 'drop_block', drop_block, DROP_BLOCK_KEYS)
    missing = [key for key in REQUIRED_DROP_BLOCK_KEYS if key not in drop_block]
    if missing:
        raise ValueError(f'{owner}: drop_block needs {missing}.')
    stages = tuple(drop_block['stages'])
    if (not stages or len(set(stages)) != len(stages)
            or any(type(s) is not int or not 1 <= s <= num_stages for s in stages)):
        raise ValueError(f'{owner}: drop_block stages must be distinct ints in 1..'
                         f'{num_stages}, got {drop_block["stages"]!r}.')
    module = {k: v for k, v in drop_block.items() if k != 'stages'}
    return dict(stages=stages, module=module)


class DropBlockBottleneck(Bottleneck):
    """mmpretrain's ResNet bottleneck with DropBlock where the DropBlock authors'
    ResNet (tensorflow/tpu ``resnet_model.py``, ``bottleneck_block``) puts it: after
    each convolution's BN (and ReLU) and on the shortcut, identity or projection,
    before the sum.

    Args:
        drop_block (dict): The :class:`DropBlock` arguments (``keep_prob``,
            ``block_size``, ``linear_schedule``).
        *args, **kwargs: Those of mmpretrain's ``Bottleneck``.
    """

    def __init__(self, *args, drop_block: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.drop_block = DropBlock(**drop_block)

    def forward(self, x: torch.Tensor) -> torch.Tensor:

        def inner_forward(x):
            shortcut = x if self.downsample is None else self.downsample(x)
            out = self.drop_block(self.relu(self.norm1(self.conv1(x))))
            out = self.drop_block(self.relu(self.norm2(self.conv2(out))))
            out = self.drop_block(self.norm3(self.conv3(out)))
            return self.drop_path(out) + self.drop_block(shortcut)

        if self.with_cp and x.requires_grad:
            return self.relu(cp.checkpoint(inner_forward, x, use_reentrant=False))
        return self.relu(inner_forward(x))


@MODELS.register_module()
class DropBlockResNet(ResNet):
    """mmpretrain's ``ResNet`` with DropBlock in the bottlenecks of some stages
    (:class:`DropBlockBottleneck`), the DropBlock paper's ResNet-50: "DropBlock
    applied to groups 3 and 4" (stages 3 and 4 here), block size 7, ``keep_prob``
    0.9 reached linearly (its Table 1 and Sec. 4.1, 78.13% top-1 in 270 epochs).

    The weights are those of ``ResNet`` (DropBlock has none), so checkpoints load
    either way.

    Args:
        drop_block (dict): ``keep_prob``, ``block_size``, ``stages`` (1-based) and
            optionally ``linear_schedule`` (default True), see :class:`DropBlock`.
        **kwargs: Those of mmpretrain's ``ResNet`` (a bottleneck depth: 50, 101,
            152).
    """

    def __init__(self, depth: int, drop_block: dict, **kwargs):
        if depth not in self.arch_settings or self.arch_settings[depth][0] is not Bottleneck:
            raise ValueError('DropBlockResNet: depth must be that of a bottleneck '
                             f'ResNet (50, 101, 152), got {depth!r}.')
        self.drop_block_cfg = check_drop_block(
            'DropBlockResNet', drop_block, kwargs.get('num_stages', 4))
        super().__init__(depth, **kwargs)

    def make_res_layer(self, **kwargs) -> nn.Module:
        """Stage ``len(self.res_layers) + 1`` (the one being built), with
        :class:`DropBlockBottleneck` blocks if it is one of ``drop_block``'s."""
        if len(self.res_layers) + 1 in self.drop_block_cfg['stages']:
            kwargs.update(block=DropBlockBottleneck,
                          drop_block=self.drop_block_cfg['module'])
        return super().make_res_layer(**kwargs)


def drop_block_stages(drop_block: dict, num_stages: int) -> Sequence[dict]:
    """Per stage (0-based), the :class:`DropBlock` arguments or ``None``."""
    checked = check_drop_block('PyramidNet', drop_block, num_stages)
    return [checked['module'] if stage in checked['stages'] else None
            for stage in range(1, num_stages + 1)]
