"""ResizeMix as published: the whole partner, shrunk by a uniform scale, pasted."""
from numbers import Real
from typing import Sequence, Tuple

import numpy as np

from mmrecmix.registry import BATCH_AUGMENTS
from .cutmix import CutMix


@BATCH_AUGMENTS.register_module()
class ResizeMix(CutMix):
    r"""ResizeMix (Qin et al., arXiv 2012.11101, 2020), registered as
    ``mmrecmix.ResizeMix``.

    The source image :math:`I_s` (the partner) is resized by a scale rate
    :math:`\tau` and pasted at a random place of the target :math:`I_t` (the sample
    itself); labels go by the pasted area:

    .. math::
        P = \mathcal T(I_s, \tau),\ \tau \sim U(\tau_{min}, \tau_{max}), \qquad
        I = \mathrm{Paste}(P, I_t), \qquad
        y = \lambda y_s + (1 - \lambda) y_t,\ \lambda = \frac{W_P H_P}{W_t H_t}

    with :math:`H_P = \mathrm{round}(\tau H)`, :math:`W_P = \mathrm{round}(\tau W)`
    (at least 1 pixel) and the patch's top-left corner uniform over the positions
    that keep it wholly inside the image, so it is never clipped and
    :math:`\lambda = \tau^2` up to rounding. One :math:`\tau` and one place serve
    the whole batch; the partners are a random permutation of it. It is
    :class:`CutMix`'s resize-paste path with this box; :attr:`last_step` holds
    ``box``, ``lam`` (the share *kept*, :math:`1 - \lambda` above) and ``index``.

    This is the paper's rule. mmpretrain's ``ResizeMix`` (what an unprefixed
    ``type='ResizeMix'`` builds) and OpenMixup's ``resizemix`` draw other sizes and
    clip the box; the documentation's box mixes page compares the three.

    Args:
        scale (tuple[float, float]): :math:`(\tau_{min}, \tau_{max})`, with
            ``0 < min <= max <= 1``. Defaults to the paper's (0.1, 0.8).
        prob (float): Probability of mixing a batch, in [0, 1]. Defaults to 1.0.
        interpolation (str): :func:`torch.nn.functional.interpolate` mode, one of
            :attr:`INTERPOLATIONS`. Defaults to 'bilinear' (mmpretrain's default).
    """

    INTERPOLATIONS = ('nearest', 'nearest-exact', 'bilinear', 'bicubic', 'area')

    def __init__(self, scale: Sequence[float] = (0.1, 0.8), prob: float = 1.0,
                 interpolation: str = 'bilinear'):
        if (not isinstance(scale, Sequence) or len(scale) != 2
                or not all(isinstance(s, Real) for s in scale)
                or not 0 < scale[0] <= scale[1] <= 1):
            raise ValueError('ResizeMix scale must be a pair (min, max) with '
                             f'0 < min <= max <= 1, got {scale!r}.')
        if interpolation not in self.INTERPOLATIONS:
            raise ValueError(f'ResizeMix interpolation must be one of '
                             f'{self.INTERPOLATIONS}, got {interpolation!r}.')
        super().__init__(prob=prob, resize=True, interpolation=interpolation)
        self.scale = tuple(scale)

    def sample_scale(self) -> float:
        """Draw :math:`\\tau \\sim U(\\tau_{min}, \\tau_{max})` (NumPy's global RNG)."""
        return np.random.uniform(*self.scale)

    def sample_box(self, height: int, width: int) -> Tuple[tuple, float]:
        """Draw :math:`\\tau` and a place for the resized partner.

        Returns:
            tuple: ``((x1, y1, x2, y2), lam)``: the patch (x along the width, ends
            exclusive), wholly inside the image, and ``lam = 1 - patch area / (H W)``.
        """
        tau = self.sample_scale()
        patch_h, patch_w = max(round(tau * height), 1), max(round(tau * width), 1)
        y1 = np.random.randint(height - patch_h + 1)
        x1 = np.random.randint(width - patch_w + 1)
        box = (x1, y1, x1 + patch_w, y1 + patch_h)
        return box, 1 - patch_h * patch_w / (height * width)
