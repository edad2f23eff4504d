"""ResizeMix as published: the whole partner, shrunk by a uniform scale, pasted."""
from numbers import Real
from typing import Optional, Sequence, Tuple

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

    With ``mode='elem'`` each sample draws its own :math:`\tau` and place, with
    ``mode='pair'`` each pair of samples does and swaps the pixels of its patch box
    (see :class:`PairMix`); all partners are then resized into their boxes by one
    ``grid_sample`` (:func:`resize_into_boxes`, not ``'area'``), and
    :attr:`last_step` holds ``boxes`` and an ``(N,)`` ``lam``.

    The patch size comes from ``scale`` only: CutMix's ``alpha``,
    ``cutmix_minmax`` and ``correct_lam`` (and mmpretrain ResizeMix's ``alpha``,
    ``lam_min``, ``lam_max``) are refused with a ``TypeError`` naming ``scale``.

    This is the paper's rule. mmpretrain's ``ResizeMix`` (what an unprefixed
    ``type='ResizeMix'`` builds) and OpenMixup's ``resizemix`` draw other sizes and
    clip the box; the documentation's box mixes page compares the three.

    In place, as every mmrecmix image mix: ``__call__`` writes the mix into the
    caller's ``inputs`` tensor and returns it, with new float scores.

    Args:
        scale (tuple[float, float]): :math:`(\tau_{min}, \tau_{max})`, with
            ``0 < min <= max <= 1``. Defaults to the paper's (0.1, 0.8).
        prob (float): Probability of mixing a batch (``mode='batch'``), a pair
            (``'pair'``) or a sample (``'elem'``: each sample is mixed with this
            probability, otherwise it passes unchanged with :math:`\lambda_i = 1`),
            in [0, 1]. Defaults to 1.0.
        interpolation (str): :func:`torch.nn.functional.interpolate` mode, one of
            :attr:`INTERPOLATIONS`. Defaults to 'bilinear' (mmpretrain's default).
        mode (str): ``'batch'``, ``'pair'`` or ``'elem'``. Defaults to 'batch'.
    """

    INTERPOLATIONS = ('nearest', 'nearest-exact', 'bilinear', 'bicubic', 'area')
    #: Options of CutMix (and of mmpretrain's ResizeMix) that have no meaning here.
    NOT_APPLICABLE = ('alpha', 'cutmix_minmax', 'correct_lam', 'lam_min', 'lam_max')

    def __init__(self, scale: Sequence[float] = (0.1, 0.8), prob: float = 1.0,
                 interpolation: str = 'bilinear', mode: str = 'batch', **others):
        refuse_other_options(others, self.NOT_APPLICABLE)
        if (not isinstance(scale, Sequence) or len(scale) != 2
                or not all(isinstance(s, Real) for s in scale)
                or not 0 < scale[0] <= scale[1] <= 1):
            raise ValueError('ResizeMix scale must be a pair (min, max) with '
                             f'0 < min <= max <= 1, got {scale!r}.')
        if interpolation not in self.INTERPOLATIONS:
            raise ValueError(f'ResizeMix interpolation must be one of '
                             f'{self.INTERPOLATIONS}, got {interpolation!r}.')
        super().__init__(prob=prob, resize=True, interpolation=interpolation,
                         mode=mode)
        self.scale = tuple(scale)

    def sample_scale(self, size: Optional[int] = None):
        r"""Draw :math:`\tau \sim U(\tau_{min}, \tau_{max})` (NumPy's global RNG),
        or ``size`` of them."""
        return np.random.uniform(*self.scale, size=size)

    def sample_box(self, height: int, width: int) -> Tuple[tuple, float]:
        """Draw :math:`\tau` and a place for the resized partner.

        Returns:
            tuple: ``((x1, y1, x2, y2), lam)``: the patch (x along the width, ends
            exclusive), wholly inside the image, and ``lam = 1 - patch area / (H W)``.
        """
        boxes, lam = self.place_patches(height, width, np.array([self.sample_scale()]))
        return tuple(int(v) for v in boxes[0]), float(lam[0])

    def sample_boxes(self, height: int, width: int,
                     num: int) -> Tuple[np.ndarray, np.ndarray]:
        """``num`` draws of :meth:`sample_box`, as ``(boxes (num, 4), lam (num,))``."""
        return self.place_patches(height, width, self.sample_scale(num))

    @staticmethod
    def place_patches(height: int, width: int,
                      taus: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        """Patches of sides ``max(round(tau H), 1)`` and ``max(round(tau W), 1)``, each
        at a uniform top-left corner that keeps it inside (all tops, then all lefts).

        Returns:
            tuple: ``(boxes, lam)``: ``(K, 4)`` ``(x1, y1, x2, y2)`` and ``(K,)``
            ``lam = 1 - patch area / (H W)``.
        """
        patch_h = np.maximum(np.round(taus * height), 1).astype(np.int64)
        patch_w = np.maximum(np.round(taus * width), 1).astype(np.int64)
        y1 = np.random.randint(height - patch_h + 1)
        x1 = np.random.randint(width - patch_w + 1)
        boxes = np.stack([x1, y1, x1 + patch_w, y1 + patch_h], 1)
        return boxes, 1 - patch_h * patch_w / (height * width)


def refuse_other_options(others: dict, not_applicable: tuple) -> None:
    """A ``TypeError`` for keyword arguments ResizeMix does not take; the CutMix and
    mmpretrain options among them are named with the fix."""
    misplaced = sorted(set(others) & set(not_applicable))
    if misplaced:
        raise TypeError(
            f'ResizeMix does not take {", ".join(misplaced)}: its patch side is tau '
            'times the image side, tau ~ U(scale); set scale=(min, max) instead '
            '(the default (0.1, 0.8) is the paper\'s).')
    if others:
        raise TypeError('ResizeMix got unexpected keyword arguments '
                        f'{", ".join(sorted(others))}.')
