"""Mixup with per-sample and per-pair ratios."""
from typing import Tuple

import numpy as np
import torch
from mmpretrain.models.utils.batch_augments import Mixup as MMPretrainMixup

from mmrecmix.registry import BATCH_AUGMENTS
from mmrecmix.utils.validation import check_range
from .base import PairMix


def blend_(inputs: torch.Tensor, partners: torch.Tensor, lam) -> torch.Tensor:
    """``lam * inputs + (1 - lam) * partners`` written into ``inputs`` (``partners``
    is overwritten too), with the products and sum rounded as mmpretrain's Mixup
    rounds them; ``lam`` a number or a tensor that broadcasts to the inputs."""
    return inputs.mul_(lam).add_(partners.mul_(1 - lam))


@BATCH_AUGMENTS.register_module()
class Mixup(PairMix, MMPretrainMixup):
    r"""Mixup (Zhang et al., ICLR 2018), registered as ``mmrecmix.Mixup``.

    .. math::
        \tilde x = \lambda x_A + (1 - \lambda) x_B, \qquad
        \tilde y = \lambda y_A + (1 - \lambda) y_B, \qquad
        \lambda \sim \mathrm{Beta}(\alpha, \alpha)

    with the partner ``B`` of each sample given by a random permutation of the batch.
    In ``mode='batch'`` it is mmpretrain's ``Mixup``: the same draws in the same
    order (the Beta draw, then ``torch.randperm`` on the host) give the same inputs
    and labels, bit for bit. It is a subclass of mmpretrain's ``Mixup`` as well, so
    code that checks for that class (``FeatureMixClassifier``'s token check)
    accepts it; an unprefixed ``type='Mixup'`` built through mmrecmix's registry
    (``feature_mix=``) now builds this class.

    ``mode='elem'`` draws a :math:`\lambda` per sample, ``mode='pair'`` one per
    pair of samples, each blended with the other (see :class:`PairMix`); each sample
    (pair) is then mixed with probability ``prob``. The blend is written into the
    inputs; :attr:`last_step` keeps ``lam`` (a float, or an ``(N,)`` tensor) and
    ``index``.

    In place, as every mmrecmix image mix: ``__call__`` writes the mix into the
    caller's ``inputs`` tensor and returns it, with new float scores.

    Args:
        alpha (float): Beta distribution parameter, > 0. Defaults to 1.0.
        prob (float): Probability of mixing a batch (a sample or pair in the
            per-sample modes), in [0, 1]. Defaults to 1.0.
        mode (str): ``'batch'``, ``'pair'`` or ``'elem'``. Defaults to 'batch'.
    """

    def __init__(self, alpha: float = 1.0, prob: float = 1.0, mode: str = 'batch'):
        super().__init__(prob, mode)
        check_range('Mixup', 'alpha', alpha, 0, low_open=True)
        self.alpha = alpha

    def mix(self, inputs: torch.Tensor,
            scores: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        """Blend the batch with a permutation of itself by one ratio."""
        lam = np.random.beta(self.alpha, self.alpha)
        index = torch.randperm(inputs.size(0)).to(inputs.device)
        self.last_step = dict(lam=lam, index=index)
        blend_(inputs, inputs[index], lam)
        return inputs, lam * scores + (1 - lam) * scores[index]

    def sample_draws(self, inputs: torch.Tensor, sources: torch.Tensor) -> tuple:
        """A ratio per draw, no box: ``(lam, None)``."""
        return np.random.beta(self.alpha, self.alpha, size=len(sources)), None

    def paste(self, inputs: torch.Tensor, index: torch.Tensor, lam: torch.Tensor,
              boxes: None) -> None:
        """Blend each sample with its partner by its own ratio."""
        lam = lam.to(inputs.dtype).view(-1, *[1] * (inputs.dim() - 1))
        blend_(inputs, inputs[index], lam)
