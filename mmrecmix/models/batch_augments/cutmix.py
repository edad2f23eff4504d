"""CutMix, with the resize-paste variant of the RecursiveMix ablation."""
from numbers import Real
from typing import Optional, Sequence, Tuple

import numpy as np
import torch
import torch.nn.functional as F

from mmrecmix.registry import BATCH_AUGMENTS
from mmrecmix.utils.validation import check_range
from .base import PairMix
from .box import sample_clipped_box


@BATCH_AUGMENTS.register_module()
class CutMix(PairMix):
    r"""CutMix (Yun et al., ICCV 2019, Eq. 1-2), registered as ``mmrecmix.CutMix``.

    .. math::
        \tilde x = M \odot x_B + (1 - M) \odot x_A, \qquad
        \tilde y = \lambda y_A + (1 - \lambda) y_B

    with :math:`\lambda \sim \mathrm{Beta}(\alpha, \alpha)`, a box of area share
    :math:`1 - \lambda` at a uniform centre, clipped to the image, :math:`\lambda`
    recomputed from the clipped box, and the partner ``B`` of each sample given by a
    random permutation of the batch. Height and width are taken from the input, so
    non-square images are handled on each axis.

    With ``resize=True`` the whole partner image is resized into the box instead of
    cutting the box out of it: the "resize" (RS) ablation of RecursiveMix (Table 2).

    The box and ratio are drawn on the host, the batch is mixed with probability
    ``prob``, and the last box, lambda and pairing are kept in :attr:`last_step`.
    mmpretrain's ``CutMix`` (an unprefixed ``type='CutMix'``, left alone) takes the
    same ``cutmix_minmax`` and ``correct_lam``, so a config can swap one for the other:

    - ``cutmix_minmax=(lo, hi)``: ``alpha`` is not used; the box height and width are
      drawn independently, :math:`h \sim U\{\lfloor lo H \rfloor, ..,
      \lfloor hi H \rfloor - 1\}` (width alike on ``W``), and the box is placed
      uniformly wholly inside the image, so :math:`\lambda = 1 - hw / (HW)` exactly.
    - ``correct_lam=False`` (without ``cutmix_minmax``): the labels keep the drawn
      :math:`\lambda` even when clipping shrank the box.

    Args:
        alpha (float): Beta distribution parameter, > 0. Defaults to 1.0.
        prob (float): Probability of mixing a batch, in [0, 1] (the reference uses
            0.5 on CIFAR and 1.0 on ImageNet). Defaults to 1.0.
        resize (bool): Resize the partner into the box instead of cutting it.
        interpolation (str): Resize mode when ``resize=True``.
        cutmix_minmax (tuple[float, float], optional): ``(lo, hi)`` bounds of the
            box side as shares of the image side, ``0 <= lo < hi <= 1`` (mmpretrain
            and timm use e.g. (0.2, 0.8)); ``None`` draws the box from ``alpha``.
            Defaults to None.
        correct_lam (bool): Recompute :math:`\lambda` from the clipped box.
            Defaults to True (the paper's rule and mmpretrain's default).
    """

    def __init__(self, alpha: float = 1.0, prob: float = 1.0,
                 resize: bool = False, interpolation: str = 'nearest',
                 cutmix_minmax: Optional[Sequence[float]] = None,
                 correct_lam: bool = True):
        super().__init__(prob)
        check_range(type(self).__name__, 'alpha', alpha, 0, low_open=True)
        if cutmix_minmax is not None and (
                not isinstance(cutmix_minmax, Sequence) or len(cutmix_minmax) != 2
                or not all(isinstance(v, Real) for v in cutmix_minmax)
                or not 0 <= cutmix_minmax[0] < cutmix_minmax[1] <= 1):
            raise ValueError(f'{type(self).__name__}: cutmix_minmax must be None or a '
                             'pair (lo, hi) with 0 <= lo < hi <= 1, got '
                             f'{cutmix_minmax!r}.')
        self.alpha = alpha
        self.resize = resize
        self.interpolation = interpolation
        self.cutmix_minmax = None if cutmix_minmax is None else tuple(cutmix_minmax)
        self.correct_lam = correct_lam

    def sample_box(self, height: int, width: int) -> Tuple[tuple, float]:
        """Draw a box: of area share ``1 - lam``, ``lam ~ Beta(alpha, alpha)``, or by
        ``cutmix_minmax``.

        Returns:
            tuple: ``((x1, y1, x2, y2), lam)`` with ``lam = 1 - box share`` (the
            drawn ``lam`` itself with ``correct_lam=False``).
        """
        if self.cutmix_minmax is not None:
            return self.sample_minmax_box(height, width)
        lam = np.random.beta(self.alpha, self.alpha)
        box, share = sample_clipped_box(height, width, 1 - lam)
        return box, 1 - share if self.correct_lam else lam

    def sample_minmax_box(self, height: int, width: int) -> Tuple[tuple, float]:
        """A box with sides drawn within ``cutmix_minmax`` of the image sides, placed
        wholly inside the image (height, width, then top and left are drawn).

        Returns:
            tuple: ``((x1, y1, x2, y2), lam)`` with ``lam = 1 - box share``.
        """
        box_h = self.side_within_minmax(height, 'height')
        box_w = self.side_within_minmax(width, 'width')
        y1 = np.random.randint(0, height - box_h)
        x1 = np.random.randint(0, width - box_w)
        return (x1, y1, x1 + box_w, y1 + box_h), 1 - box_h * box_w / (height * width)

    def side_within_minmax(self, size: int, axis: str) -> int:
        """A box side ``~ U{int(lo * size), .., int(hi * size) - 1}``."""
        low, high = (int(size * share) for share in self.cutmix_minmax)
        if low >= high:
            raise ValueError(
                f'{type(self).__name__}: cutmix_minmax={self.cutmix_minmax} leaves no '
                f'box side for the image {axis} {size} (int({size} * lo) must be below '
                f'int({size} * hi)); widen cutmix_minmax.')
        return np.random.randint(low, high)

    def mix(self, inputs: torch.Tensor,
            scores: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        """Paste each sample's partner (in place) and mix the labels by area."""
        (x1, y1, x2, y2), lam = self.sample_box(*inputs.shape[-2:])
        index = torch.randperm(inputs.size(0), device=inputs.device)
        self.last_step = dict(box=(x1, y1, x2, y2), lam=lam, index=index)
        if lam == 1:
            return inputs, scores
        if self.resize:
            # Resize first, then pair: only box-sized tensors are copied.
            patch = F.interpolate(inputs, size=(y2 - y1, x2 - x1),
                                  mode=self.interpolation)[index]
        else:
            patch = inputs[index, :, y1:y2, x1:x2]
        inputs[..., y1:y2, x1:x2] = patch
        return inputs, lam * scores + (1 - lam) * scores[index]
