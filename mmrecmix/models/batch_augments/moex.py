"""MoEx, moment exchange (Li et al., "On Feature Normalization and Data Augmentation",
CVPR 2021): a feature-level mix of RecursiveMix Tables 1 and 6."""
from typing import Optional, Tuple

import numpy as np
import torch

from mmrecmix.registry import BATCH_AUGMENTS
from mmrecmix.utils.validation import check_range
from .base import check_batch, mix_scores


def exchange_moments(features: torch.Tensor, index: torch.Tensor,
                     epsilon: float = 1e-5) -> torch.Tensor:
    r"""Each sample's feature map ``(N, C, H, W)`` normalised by its own positional
    moments and given those of sample ``index[i]`` (PONO, positional normalisation:
    mean and standard deviation over the channels at each position):

    .. math::
        h'_i = \frac{h_i - \mu_i}{\sigma_i} \sigma_{\pi(i)} + \mu_{\pi(i)}, \qquad
        \mu = \frac{1}{C} \sum_c h_c, \quad
        \sigma = \sqrt{\frac{1}{C - 1} \sum_c (h_c - \mu)^2 + \epsilon}

    with the unbiased variance, as the authors' ``moex`` (Boyiliee/MoEx,
    ``ImageNet/moex_resnet.py`` and the CIFAR ``PONO``), in float32 and returned in
    the input's dtype.
    """
    dtype = features.dtype
    features = features.float()
    mean = features.mean(dim=1, keepdim=True)
    std = (features.var(dim=1, keepdim=True) + epsilon).sqrt()
    return ((features - mean) / std * std[index] + mean[index]).to(dtype)


@BATCH_AUGMENTS.register_module()
class MomentExchange:
    r"""MoEx (Li et al., CVPR 2021), registered as ``mmrecmix.MomentExchange``: the
    features of each sample take the first and second positional moments of a
    partner's (:func:`exchange_moments`), and the label is interpolated with the
    fixed weight :math:`\lambda`:

    .. math::
        \tilde y_i = \lambda y_i + (1 - \lambda) y_{\pi(i)}

    with :math:`\pi` a random permutation of the batch (or the one given). It keeps
    mmpretrain's batch-augment contract, ``__call__(features, scores) -> (mixed,
    scores)``, and ``last_step`` (``lam`` and ``index``; ``None`` when the batch
    was not exchanged), but it is the one exception to the in-place rule of
    mmrecmix's batch augments: a feature-level mix, it returns a new tensor and
    leaves ``features`` unchanged, because those features are an intermediate
    output of the network that autograd keeps for the backward pass (and the
    exchange itself reads them there); overwriting them would fail the backward.

    The authors' settings: :math:`\lambda = 0.9` and probability 1 on ImageNet
    (ResNet-50, ``run_moex_resnet.sh``), 0.25 with CutMix
    (``run_moex+cutmix_resnet.sh``); :math:`\lambda = 0.5`, probability 0.25 on
    CIFAR (PyramidNet-200, ``CIFAR/run.sh``); :math:`\epsilon = 10^{-5}`.
    :class:`mmrecmix.MomentExchangeClassifier` exchanges after the stem, where
    they do.

    Args:
        lam (float): :math:`\lambda`, the weight of the sample's own label, in
            [0, 1]. Defaults to 0.9.
        prob (float): Probability of exchanging a batch, in [0, 1]. Defaults to
            1.0.
        epsilon (float): Added to the variance, > 0. Defaults to 1e-5.
    """

    def __init__(self, lam: float = 0.9, prob: float = 1.0, epsilon: float = 1e-5):
        check_range('MomentExchange', 'lam', lam, 0, 1)
        check_range('MomentExchange', 'prob', prob, 0, 1)
        check_range('MomentExchange', 'epsilon', epsilon, 0, low_open=True)
        self.lam = lam
        self.prob = prob
        self.epsilon = epsilon
        self.last_step: Optional[dict] = None

    def __call__(self, features: torch.Tensor, scores: torch.Tensor,
                 index: Optional[torch.Tensor] = None
                 ) -> Tuple[torch.Tensor, torch.Tensor]:
        """Exchange the moments of a batch with probability ``prob``.

        Args:
            features (Tensor): ``(N, C, H, W)`` feature maps (left unchanged).
            scores (Tensor): ``(N, num_classes)`` labels, one-hot or soft.
            index (Tensor, optional): The partners; a random permutation if
                ``None``.

        Returns:
            tuple: The exchanged features (a new tensor, ``features`` left
            unchanged: the feature-level exception to the in-place rule; ``features``
            itself when not exchanged) and the mixed (float) scores.
        """
        check_batch('MomentExchange', features, scores)
        scores = scores.float()
        self.last_step = None
        if self.prob < 1 and np.random.rand() >= self.prob:
            return features, scores
        if index is None:
            index = torch.randperm(features.size(0), device=features.device)
        self.last_step = dict(lam=self.lam, index=index)
        return (exchange_moments(features, index, self.epsilon),
                mix_scores(scores, self.lam, index))
