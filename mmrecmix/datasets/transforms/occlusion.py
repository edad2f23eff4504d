"""The occluded test images of the CutMix paper (Yun et al., ICCV 2019, Sec. 4.3,
Fig. 5a): zeros inside a centred square hole (centre occlusion) or outside it
(boundary occlusion), the hole's side swept from 0 to the image side."""
import numbers
from typing import Sequence, Tuple, Union

import numpy as np
from mmcv.transforms import BaseTransform

from mmrecmix.registry import TRANSFORMS

__all__ = ['BoundaryOcclusion', 'CenterOcclusion', 'centred_hole']


def centred_hole(height: int, width: int, size: int) -> Tuple[slice, slice]:
    r"""The rows and columns of a square hole of side ``size`` centred on a
    ``height`` x ``width`` image, clipped to the image.

    The hole starts at :math:`\lfloor (H - s) / 2 \rfloor` (rows) and
    :math:`\lfloor (W - s) / 2 \rfloor` (columns) and is ``size`` long, then cut to
    ``[0, H)`` and ``[0, W)``. When ``H - s`` is odd the spare row is below the hole
    (and a spare column right of it): on 5 x 8 with ``s = 3`` the hole is rows 1-3,
    columns 2-4. ``s = 0`` is an empty hole; ``s`` at least a side covers that side
    whole (a non-square image is covered whole once ``s >= max(H, W)``).
    """
    top, left = (height - size) // 2, (width - size) // 2
    return (slice(max(top, 0), min(top + size, height)),
            slice(max(left, 0), min(left + size, width)))


class _CentredOcclusion(BaseTransform):
    """What both occlusions share: the hole's side, the fill value and the checks."""

    def __init__(self, size: int,
                 pad_val: Union[numbers.Real, Sequence[numbers.Real]] = 0):
        owner = type(self).__name__
        if not isinstance(size, numbers.Integral) or isinstance(size, bool) or size < 0:
            raise ValueError(
                f'{owner}: size must be a whole number of pixels >= 0 (the side of the '
                f'centred square hole; 0 occludes nothing in the centre and everything '
                f'at the boundary), got {size!r}. Pass an int, e.g. size=16.')
        values = pad_val if isinstance(pad_val, (list, tuple)) else [pad_val]
        if not values or not all(isinstance(v, numbers.Real) and not isinstance(v, bool)
                                 for v in values):
            raise ValueError(f'{owner}: pad_val must be a number or one number per '
                             f'channel, got {pad_val!r}. The paper fills with 0.')
        self.size = int(size)
        self.pad_val = pad_val

    def _fill_value(self, img: np.ndarray) -> np.ndarray:
        """``pad_val`` in ``img``'s dtype, checked against its channels."""
        if isinstance(self.pad_val, (list, tuple)):
            channels = img.shape[2] if img.ndim == 3 else 1
            if img.ndim != 3 or len(self.pad_val) != channels:
                raise ValueError(
                    f'{type(self).__name__}: pad_val has {len(self.pad_val)} values but '
                    f'the image has shape {img.shape}; give one value per channel, or '
                    'a single number.')
        return np.asarray(self.pad_val, dtype=img.dtype)

    def __repr__(self) -> str:
        return f'{type(self).__name__}(size={self.size}, pad_val={self.pad_val})'


@TRANSFORMS.register_module()
class CenterOcclusion(_CentredOcclusion):
    """Centre occlusion (CutMix paper, Fig. 5a): ``pad_val`` (zeros in the paper)
    inside a centred square hole of side ``size`` pixels, the rest of the image
    kept; the hole is placed and clipped as :func:`centred_hole` says, so ``size=0``
    changes nothing and ``size >= max(H, W)`` blanks the whole image.

    Put it in a test pipeline after the resize / crop that fixes the image size and
    before ``PackInputs``; it works on ``results['img']`` (H x W or H x W x C) before
    normalisation, so 0 is black. Zeros of the normalised tensor (the dataset mean)
    are ``pad_val=<mean per channel>``.

    Args:
        size (int): Side of the hole in pixels, >= 0.
        pad_val (int | float | tuple): Fill value, one or one per channel.
            Defaults to 0, as the paper.
    """

    def transform(self, results: dict) -> dict:
        img = results['img'].copy()
        rows, cols = centred_hole(img.shape[0], img.shape[1], self.size)
        img[rows, cols] = self._fill_value(img)
        results['img'] = img
        return results


@TRANSFORMS.register_module()
class BoundaryOcclusion(_CentredOcclusion):
    """Boundary occlusion (CutMix paper, Fig. 5a): ``pad_val`` (zeros in the paper)
    everywhere outside a centred square hole of side ``size`` pixels, the hole kept;
    placed and clipped as :func:`centred_hole` says, so ``size=0`` blanks the whole
    image and ``size >= max(H, W)`` changes nothing. The complement of
    :class:`CenterOcclusion` at the same ``size``; placed and filled like it.

    Args:
        size (int): Side of the kept hole in pixels, >= 0.
        pad_val (int | float | tuple): Fill value, one or one per channel.
            Defaults to 0, as the paper.
    """

    def transform(self, results: dict) -> dict:
        img = results['img']
        rows, cols = centred_hole(img.shape[0], img.shape[1], self.size)
        occluded = np.empty_like(img)
        occluded[...] = self._fill_value(img)
        occluded[rows, cols] = img[rows, cols]
        results['img'] = occluded
        return results
