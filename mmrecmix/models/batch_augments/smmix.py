"""SMMix's max-min attention region mixing and its placement variants (Table A4),
vectorised over the batch."""
from typing import Tuple

import numpy as np
import torch
import torch.nn.functional as F

from mmrecmix.registry import BATCH_AUGMENTS
from .guided_step import GuidedMixStep


def window_side_range(grid_h: int, grid_w: int) -> Tuple[int, int]:
    """Smallest and largest window side (tokens): ``floor(0.25 s)``, ``floor(0.75 s)``
    of the grid's shorter side ``s``."""
    side = min(grid_h, grid_w)
    low, high = int(0.25 * side), int(0.75 * side)
    if low < 1:
        raise ValueError(
            f'SMMix: a {grid_h}x{grid_w} token grid cannot hold the smallest window '
            f'(floor(0.25 * {side}) = 0 tokens). Use larger inputs or a model with '
            'a finer last grid (at least 4 tokens per side).')
    return low, high


def window_sums(scores: torch.Tensor, side: int) -> torch.Tensor:
    """Sum of ``scores`` ``(N, h, w)`` over every ``side x side`` window (stride 1, no
    padding): ``(N, h - side + 1, w - side + 1)``, in float32 whatever the scores'
    dtype (under autocast they may be half precision), so that close windows stay
    apart and large maps cannot overflow."""
    return F.avg_pool2d(scores[:, None].float(), side, stride=1)[:, 0] * (side * side)


def max_min_windows(scores: torch.Tensor, side: int,
                    source_index: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
    """Top-left token of the source's most attended and the target's least attended
    window (SMMix, Eq. 7).

    Args:
        scores (Tensor): ``(N, h, w)`` image attention scores of the clean batch.
        side (int): Window side in tokens.
        source_index (Tensor): ``(N,)`` source of each target sample.

    Returns:
        tuple: ``(source_yx, target_yx)``, each ``(N, 2)`` token rows and columns.
    """
    return placement_windows(scores, side, source_index)


# Where the source window is cut, and where in the target it goes (SMMix, Table A4).
SOURCE_REGIONS = ('max_attn', 'random')
TARGET_REGIONS = ('min_attn', 'max_attn', 'corresponding')


def placement_windows(scores: torch.Tensor, side: int, source_index: torch.Tensor,
                      source_region: str = 'max_attn',
                      target_region: str = 'min_attn') -> Tuple[torch.Tensor,
                                                                torch.Tensor]:
    """Top-left token of the source window and of the target window it is pasted
    onto, for SMMix and the placement variants of its Table A4.

    ``source_region``: ``'max_attn'`` the source's most attended window (Eq. 7),
    ``'random'`` a window whose top-left token is drawn uniformly (on the host, one
    per sample) among those that keep it inside the grid. ``target_region``:
    ``'min_attn'`` the target's least attended window (Eq. 7), ``'max_attn'`` its
    most attended one, ``'corresponding'`` the source window's own place. Ties go
    to the first window in row-major order.

    Args:
        scores (Tensor): ``(N, h, w)`` image attention scores of the clean batch.
        side (int): Window side in tokens.
        source_index (Tensor): ``(N,)`` source of each target sample.
        source_region (str): One of :data:`SOURCE_REGIONS`.
        target_region (str): One of :data:`TARGET_REGIONS`.

    Returns:
        tuple: ``(source_yx, target_yx)``, each ``(N, 2)`` token rows and columns.
    """
    rows, width = scores.size(-2) - side + 1, scores.size(-1) - side + 1
    needs_sums = source_region == 'max_attn' or target_region != 'corresponding'
    sums = window_sums(scores, side).flatten(1) if needs_sums else None
    if source_region == 'max_attn':
        source = sums[source_index].argmax(1)
    elif source_region == 'random':
        drawn = np.random.randint(0, rows * width, size=scores.size(0))
        source = torch.as_tensor(drawn, dtype=torch.long, device=scores.device)
    else:
        raise ValueError(f'SMMix source_region must be one of {SOURCE_REGIONS}, '
                         f'got {source_region!r}.')
    if target_region == 'min_attn':
        target = sums.argmin(1)
    elif target_region == 'max_attn':
        target = sums.argmax(1)
    elif target_region == 'corresponding':
        target = source
    else:
        raise ValueError(f'SMMix target_region must be one of {TARGET_REGIONS}, '
                         f'got {target_region!r}.')
    as_yx = lambda flat: torch.stack([flat // width, flat % width], dim=1)  # noqa
    return as_yx(source), as_yx(target)


def _pixel_indices(corner_yx: torch.Tensor, side: int, stride: Tuple[int, int]):
    """Rows ``(N, side*sh)`` and columns ``(N, side*sw)`` of the windows' pixels."""
    rows = corner_yx[:, :1] * stride[0] + torch.arange(
        side * stride[0], device=corner_yx.device)
    cols = corner_yx[:, 1:] * stride[1] + torch.arange(
        side * stride[1], device=corner_yx.device)
    return rows, cols


def paste_windows(inputs: torch.Tensor, source_index: torch.Tensor,
                  source_yx: torch.Tensor, target_yx: torch.Tensor, side: int,
                  stride: Tuple[int, int]) -> torch.Tensor:
    """Copy each source window's pixels into its target's window, in place.

    One gather and one scatter of window-sized blocks for the whole batch; the
    sources are read before anything is written.

    Args:
        inputs (Tensor): ``(N, C, H, W)`` images.
        source_index, source_yx, target_yx: As from :func:`max_min_windows`.
        side (int): Window side in tokens.
        stride (tuple): Pixels per token ``(sy, sx)``.

    Returns:
        Tensor: ``inputs``, mixed.
    """
    batch = torch.arange(inputs.size(0), device=inputs.device)[:, None, None]
    rows, cols = _pixel_indices(source_yx, side, stride)
    patch = inputs[source_index[:, None, None], :, rows[:, :, None],
                   cols[:, None, :]]
    rows, cols = _pixel_indices(target_yx, side, stride)
    inputs[batch, :, rows[:, :, None], cols[:, None, :]] = patch
    return inputs


def window_token_mask(target_yx: torch.Tensor, side: int,
                      grid: Tuple[int, int]) -> torch.Tensor:
    """``(N, h, w)`` mask, True on the tokens of each target window."""
    rows = torch.arange(grid[0], device=target_yx.device)
    cols = torch.arange(grid[1], device=target_yx.device)
    in_rows = (rows >= target_yx[:, :1]) & (rows < target_yx[:, :1] + side)
    in_cols = (cols >= target_yx[:, 1:]) & (cols < target_yx[:, 1:] + side)
    return in_rows[:, :, None] & in_cols[:, None, :]


@BATCH_AUGMENTS.register_module()
class SMMix:
    r"""SMMix (Chen et al., ICCV 2023, Sec. 4.1): max-min attention region mixing,
    switched per batch with Mixup.

    With probability ``smmix_prob`` a batch gets SMMix: the source of sample ``b``
    is sample ``N-1-b`` (the batch reversed); a square window side ``i`` (tokens) is
    drawn uniformly from ``[floor(0.25 s), floor(0.75 s)]`` of the grid's shorter
    side ``s``; window scores are the sums of the image attention scores (Eq. 6)
    over ``i x i`` windows; the source's maximum window is pasted (pixels, at the
    real patch stride) onto the target's minimum window (Eq. 7-8), and

    .. math::
        \lambda = 1 - \frac{i^2}{h w}, \qquad
        y_M = \lambda y_{target} + (1 - \lambda) y_{source}

    Otherwise the batch gets Mixup with :math:`\lambda \sim
    \mathrm{Beta}(\alpha, \alpha)` and the same pairing. Window side, switch and
    Mixup ratio are drawn on the host; search and paste run on the device for the
    whole batch, without a Python loop over samples.

    The mix needs the attention scores of the clean batch, so it is driven by
    :class:`mmrecmix.models.GuidedMixClassifier` (with ``mmrecmix.AttentionGuide``)
    rather than by the data preprocessor: ``__call__(inputs, scores, guide)``.

    **Placement variants** (SMMix appendix, Table A4): ``source_region`` and
    ``target_region`` choose where the window is cut and where it is pasted (see
    :func:`placement_windows`): source ``'max_attn'`` (SMMix) or ``'random'``; target
    ``'min_attn'`` (SMMix), ``'max_attn'`` or ``'corresponding'`` (the same place in
    the target). Window side, :math:`\lambda`, labels and token mask are SMMix's
    whatever the placement. The authors' code (ChenMnZ/SMMix, ``smmix.py``) has
    max -> min only; the variants follow the paper's text: a random window is a
    token-aligned square of the drawn side, its top-left token uniform over the
    grid positions that keep it inside, one per sample.

    Args:
        smmix_prob (float): Probability of SMMix (else Mixup), in [0, 1].
        mixup_alpha (float): Beta parameter of the Mixup alternative.
        source_region (str): ``'max_attn'`` (default) or ``'random'``.
        target_region (str): ``'min_attn'`` (default), ``'max_attn'`` or
            ``'corresponding'``.
    """

    def __init__(self, smmix_prob: float = 0.5, mixup_alpha: float = 0.8,
                 source_region: str = 'max_attn', target_region: str = 'min_attn'):
        if not 0 <= smmix_prob <= 1:
            raise ValueError(
                f'SMMix smmix_prob must be in [0, 1], got {smmix_prob}.')
        if mixup_alpha <= 0:
            raise ValueError(f'SMMix mixup_alpha must be > 0, got {mixup_alpha}.')
        if source_region not in SOURCE_REGIONS:
            raise ValueError(f'SMMix source_region must be one of {SOURCE_REGIONS}, '
                             f'got {source_region!r}.')
        if target_region not in TARGET_REGIONS:
            raise ValueError(f'SMMix target_region must be one of {TARGET_REGIONS}, '
                             f'got {target_region!r}.')
        self.smmix_prob = smmix_prob
        self.mixup_alpha = mixup_alpha
        self.source_region = source_region
        self.target_region = target_region

    def __call__(self, inputs: torch.Tensor, scores: torch.Tensor,
                 guide: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor,
                                               GuidedMixStep]:
        """Mix a batch.

        Args:
            inputs (Tensor): ``(N, C, H, W)`` images, mixed in place.
            scores (Tensor): ``(N, num_classes)`` soft labels.
            guide (Tensor): ``(N, h, w)`` attention score of each token.

        Returns:
            tuple: The mixed inputs (the caller's ``inputs`` tensor, mixed in
            place), the mixed labels (a new float tensor) and the
            :class:`GuidedMixStep`.
        """
        if guide is None:
            raise ValueError(
                'SMMix reads the attention score of the clean batch: give '
                "GuidedMixClassifier guide=dict(type='mmrecmix.AttentionGuide').")
        source_index = torch.arange(inputs.size(0) - 1, -1, -1,
                                    device=inputs.device)
        if np.random.rand() < self.smmix_prob:
            inputs, step = self.region_mix(inputs, guide, source_index)
        else:
            lam = float(np.random.beta(self.mixup_alpha, self.mixup_alpha))
            partner = inputs[source_index]
            inputs = inputs.mul_(lam).add_(partner, alpha=1 - lam)
            step = GuidedMixStep(lam=lam, source_index=source_index)
        return inputs, step.mix_targets(scores), step

    def region_mix(self, inputs: torch.Tensor, guide: torch.Tensor,
                   source_index: torch.Tensor) -> Tuple[torch.Tensor,
                                                        GuidedMixStep]:
        """Max-min attention region mixing of ``inputs`` (in place), or the
        placement variant the instance was built with."""
        grid = tuple(guide.shape[-2:])
        low, high = window_side_range(*grid)
        side = int(np.random.randint(low, high + 1))
        stride = (inputs.size(-2) // grid[0], inputs.size(-1) // grid[1])
        source_yx, target_yx = placement_windows(guide, side, source_index,
                                                 self.source_region, self.target_region)
        paste_windows(inputs, source_index, source_yx, target_yx, side, stride)
        y1, x1 = target_yx[:, 0] * stride[0], target_yx[:, 1] * stride[1]
        boxes = torch.stack(
            [x1, y1, x1 + side * stride[1], y1 + side * stride[0]], dim=1)
        step = GuidedMixStep(
            lam=1 - side * side / (grid[0] * grid[1]), source_index=source_index,
            token_mask=window_token_mask(target_yx, side, grid), boxes=boxes)
        return inputs, step
