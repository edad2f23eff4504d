"""Box sampling shared by the cut-and-paste mixes (CutMix rule, Yun et al. 2019, Eq. 2)."""
import math
from typing import Tuple, Union

import numpy as np
import torch


def box_half_sides(height: int, width: int, area: float) -> Tuple[int, int]:
    """Half sides ``(floor(H sqrt(a)) // 2, floor(W sqrt(a)) // 2)`` of the CutMix box
    of area share ``a``."""
    ratio = math.sqrt(area)
    return int(height * ratio) // 2, int(width * ratio) // 2


def box_half_sides_of(height: int, width: int,
                      areas: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """:func:`box_half_sides` for an array of area shares (two ``(K,)`` arrays)."""
    ratios = np.sqrt(np.asarray(areas, dtype=np.float64))
    return ((height * ratios).astype(np.int64) // 2,
            (width * ratios).astype(np.int64) // 2)


def clip_boxes(rows: np.ndarray, cols: np.ndarray, half_h: np.ndarray,
               half_w: np.ndarray, height: int,
               width: int) -> Tuple[np.ndarray, np.ndarray]:
    """Boxes ``[col - half_w, col + half_w) x [row - half_h, row + half_h)`` clipped
    to the image, for arrays of centres and half sides.

    Returns:
        tuple: ``(boxes, shares)``: ``(K, 4)`` int64 ``(x1, y1, x2, y2)`` (x along the
        width, ends exclusive) and the ``(K,)`` area shares after clipping.
    """
    x1, x2 = np.maximum(cols - half_w, 0), np.minimum(cols + half_w, width)
    y1, y2 = np.maximum(rows - half_h, 0), np.minimum(rows + half_h, height)
    shares = (x2 - x1) * (y2 - y1) / (height * width)
    return np.stack([x1, y1, x2, y2], 1).astype(np.int64), shares


def sample_clipped_boxes(height: int, width: int,
                         areas: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    r"""One box of each area share in ``areas``, at a uniform centre, clipped.

    Side lengths are :math:`r_w = \lfloor W\sqrt{a} \rfloor`,
    :math:`r_h = \lfloor H\sqrt{a} \rfloor`, the centre is
    :math:`r_x \sim U\{0..W-1\}, r_y \sim U\{0..H-1\}` (all x, then all y, drawn with
    NumPy's global RNG), and the corners :math:`r_x \pm \lfloor r_w/2 \rfloor`,
    :math:`r_y \pm \lfloor r_h/2 \rfloor` are clipped to the image.

    Returns:
        tuple: ``(boxes, shares)`` as :func:`clip_boxes` gives them.
    """
    half_h, half_w = box_half_sides_of(height, width, areas)
    cols = np.random.randint(width, size=len(half_h))
    rows = np.random.randint(height, size=len(half_h))
    return clip_boxes(rows, cols, half_h, half_w, height, width)


def sample_clipped_box(height: int, width: int,
                       area: float) -> Tuple[Tuple[int, int, int, int], float]:
    """A box of area share ``area`` at a uniform centre, clipped to the image: the
    rule of :func:`sample_clipped_boxes` for one box, drawn with scalar NumPy calls.

    Args:
        height (int): Image height H.
        width (int): Image width W.
        area (float): Wanted area share of the box, in [0, 1].

    Returns:
        tuple: ``((x1, y1, x2, y2), share)``: x indexes the width and y the height,
        ends exclusive, and ``share = (x2 - x1) * (y2 - y1) / (H * W)`` is the area
        share after clipping.
    """
    half_h, half_w = box_half_sides(height, width, area)
    cx, cy = np.random.randint(width), np.random.randint(height)
    x1, x2 = max(cx - half_w, 0), min(cx + half_w, width)
    y1, y2 = max(cy - half_h, 0), min(cy + half_h, height)
    return (x1, y1, x2, y2), (x2 - x1) * (y2 - y1) / (height * width)


def box_masks(boxes: torch.Tensor, height: int, width: int) -> torch.Tensor:
    """``(N, 4)`` boxes ``(x1, y1, x2, y2)`` -> ``(N, 1, H, W)`` bool, True inside."""
    rows = torch.arange(height, device=boxes.device)
    cols = torch.arange(width, device=boxes.device)
    x1, y1, x2, y2 = boxes[:, :, None].unbind(1)
    inside_rows = (rows >= y1) & (rows < y2)
    inside_cols = (cols >= x1) & (cols < x2)
    return (inside_rows[:, :, None] & inside_cols[:, None, :])[:, None]


def paste_boxes_(inputs: torch.Tensor, partners: torch.Tensor,
                 boxes: torch.Tensor) -> torch.Tensor:
    """Write ``partners`` into ``inputs`` inside each sample's box of ``(N, 4)``
    ``boxes`` (empty boxes paste nothing), in place; returns ``inputs``."""
    inside = box_masks(boxes, *inputs.shape[-2:]).to(inputs.dtype)
    # lerp is exact where its weight is 0 or 1: own pixels outside, partner's in.
    return inputs.lerp_(partners, inside)


def history_rows(batch_size: int, num_history: int,
                 device=None) -> Union[slice, torch.Tensor]:
    """Which history row each sample of a batch receives.

    The first ``batch_size`` rows when the history is at least as large (a slice, so no
    copy is made); otherwise row ``i mod num_history`` for sample ``i``.
    """
    if batch_size <= num_history:
        return slice(0, batch_size)
    return torch.arange(batch_size, device=device) % num_history
