"""CutMix, with the resize-paste variant of the RecursiveMix ablation."""
from typing import Tuple

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

    Unlike mmpretrain's ``CutMix`` (which it does not replace: an unprefixed
    ``type='CutMix'`` stays mmpretrain's), the box and ratio are drawn on the host,
    the batch is applied with probability ``prob``, and the last box, lambda and
    pairing are kept in :attr:`last_step` for tools that show the mix.

    Args:
        alpha (float): Beta distribution parameter, > 0. Defaults to 1.0.
        prob (float): Probability of mixing a batch, in [0, 1] (the reference uses
            0.5 on CIFAR and 1.0 on ImageNet). Defaults to 1.0.
        resize (bool): Resize the partner into the box instead of cutting it.
        interpolation (str): Resize mode when ``resize=True``.
    """

    def __init__(self, alpha: float = 1.0, prob: float = 1.0,
                 resize: bool = False, interpolation: str = 'nearest'):
        super().__init__(prob)
        check_range(type(self).__name__, 'alpha', alpha, 0, low_open=True)
        self.alpha = alpha
        self.resize = resize
        self.interpolation = interpolation

    def sample_box(self, height: int, width: int) -> Tuple[tuple, float]:
        """Draw ``lam ~ Beta(alpha, alpha)`` and a box of area share ``1 - lam``.

        Returns:
            tuple: ``((x1, y1, x2, y2), lam)`` with ``lam = 1 - box share``.
        """
        lam = np.random.beta(self.alpha, self.alpha)
        box, share = sample_clipped_box(height, width, 1 - lam)
        return box, 1 - share

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
