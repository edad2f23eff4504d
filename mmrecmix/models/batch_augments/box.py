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


def sample_clipped_box(height: int, width: int,
                       area: float) -> Tuple[Tuple[int, int, int, int], float]:
    r"""A box of area share ``area`` at a uniform centre, clipped to the image.

    Side lengths are :math:`r_w = \lfloor W\sqrt{a} \rfloor`,
    :math:`r_h = \lfloor H\sqrt{a} \rfloor`, the centre is
    :math:`r_x \sim U\{0..W-1\}, r_y \sim U\{0..H-1\}`, and the corners
    :math:`r_x \pm \lfloor r_w/2 \rfloor`, :math:`r_y \pm \lfloor r_h/2 \rfloor` are
    clipped to the image. Drawn with NumPy's global RNG on the host.

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


def history_rows(batch_size: int, num_history: int,
                 device=None) -> Union[slice, torch.Tensor]:
    """Which history row each sample of a batch receives.

    The first ``batch_size`` rows when the history is at least as large (a slice, so no
    copy is made); otherwise row ``i mod num_history`` for sample ``i``.
    """
    if batch_size <= num_history:
        return slice(0, batch_size)
    return torch.arange(batch_size, device=device) % num_history
