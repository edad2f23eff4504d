"""Cutout as its reference cuts it: a square hole around a uniform centre, clipped."""
from typing import Sequence, Union

import numpy as np
from mmcv.transforms import BaseTransform

from mmrecmix.registry import TRANSFORMS


@TRANSFORMS.register_module()
class Cutout(BaseTransform):
    r"""Cutout (DeVries & Taylor 2017, "Improved Regularization of Convolutional
    Neural Networks with Cutout"), placed as its reference (uoguelph-mlrg/Cutout) and
    the CutMix paper's Cutout arms place it: centre :math:`c_y \sim U\{0..H-1\}`,
    :math:`c_x \sim U\{0..W-1\}`, hole rows :math:`[c_y - \lfloor h/2 \rfloor,
    c_y + \lfloor h/2 \rfloor)` and columns likewise, clipped to the image on every
    side, so a hole near a border is smaller: a 16 px hole on 32 px images covers
    :math:`14^2 = 196` pixels on average, 112 px on 224 px :math:`98^2 = 9604`.
    mmpretrain's ``Cutout`` (``mmcv.cutout``) draws the centre from the continuous
    :math:`U(1, H)` and shifts a hole that crosses the top or left border back
    inside, clipping it only at the bottom and right: :math:`(468/31)^2 \approx
    227.9` and :math:`(23436/223)^2 \approx 11044.8` pixels there.

    The reference cuts after normalisation and fills with 0, the mean; cut before
    normalisation, as here, fill with the dataset mean in the images' channel order.

    Args:
        shape (int | tuple): Hole size, ``side`` or ``(height, width)``, >= 1.
        pad_val (int | tuple): Fill value, one or one per channel.
        prob (float): Probability of cutting a hole, in [0, 1]. Defaults to 1.0.
    """

    def __init__(self, shape: Union[int, Sequence[int]],
                 pad_val: Union[int, Sequence[int]] = 0, prob: float = 1.0):
        height, width = (shape, shape) if isinstance(shape, int) else tuple(shape)
        if min(height, width) < 1:
            raise ValueError(f'Cutout shape must be >= 1 on each side, got {shape!r}.')
        if not 0 <= prob <= 1:
            raise ValueError(f'Cutout prob must be in [0, 1], got {prob!r}.')
        self.shape = (height, width)
        self.pad_val = pad_val
        self.prob = prob

    def transform(self, results: dict) -> dict:
        if self.prob < 1 and np.random.rand() >= self.prob:
            return results
        img = results['img'].copy()
        rows, cols = img.shape[:2]
        cy, cx = np.random.randint(rows), np.random.randint(cols)
        half_h, half_w = self.shape[0] // 2, self.shape[1] // 2
        img[max(cy - half_h, 0):min(cy + half_h, rows),
            max(cx - half_w, 0):min(cx + half_w, cols)] = self.pad_val
        results['img'] = img
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(shape={self.shape}, pad_val={self.pad_val}, '
                f'prob={self.prob})')
