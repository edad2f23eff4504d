"""What mmrecmix's pair-mixing batch augments share."""
from typing import Optional, Tuple

import numpy as np
import torch

from mmrecmix.utils.validation import check_range


def check_batch(owner: str, inputs: torch.Tensor, scores: torch.Tensor) -> None:
    """Raise a ``ValueError`` unless ``scores`` are ``(N, num_classes)`` labels of
    the ``N`` samples of ``inputs``: mixing class indices would average the indices
    themselves."""
    if scores.dim() != 2 or scores.size(0) != inputs.size(0):
        raise ValueError(
            f'{owner} takes (N, num_classes) label scores (one-hot or soft) for the '
            f'{inputs.size(0)} images, got scores of shape {tuple(scores.shape)}; '
            'for class indices, one-hot them first: mmpretrain\'s ClsDataPreprocessor '
            'with num_classes=<K> does so for its batch augments.')


class PairMix:
    """Base of the batch augments that mix each sample with a partner drawn by a
    random permutation of the batch (CutMix, ResizeMix, FMix, SaliencyMix).

    It keeps mmpretrain's batch-augment contract, ``__call__(inputs, batch_score) ->
    (inputs, scores)`` with float scores, so each is a drop-in for mmpretrain's own
    and works inside its ``RandomBatchAugment``; adds the probability ``prob`` of
    mixing a batch at all (otherwise it passes unchanged); and keeps ``last_step``,
    a dict reporting the latest call to the tools that show the mix (``None`` when
    the batch was not mixed). Subclasses implement :meth:`mix`.

    Args:
        prob (float): Probability of mixing a batch, in [0, 1]. Defaults to 1.0.
    """

    def __init__(self, prob: float = 1.0):
        check_range(type(self).__name__, 'prob', prob, 0, 1)
        self.prob = prob
        self.last_step: Optional[dict] = None

    def __call__(self, inputs: torch.Tensor,
                 scores: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        """Mix a batch with probability ``prob``.

        Args:
            inputs (Tensor): ``(N, C, H, W)`` images (or feature maps).
            scores (Tensor): ``(N, num_classes)`` labels, one-hot or soft.

        Returns:
            tuple: The mixed inputs and mixed (float) scores.
        """
        check_batch(type(self).__name__, inputs, scores)
        scores = scores.float()
        self.last_step = None
        if self.prob < 1 and np.random.rand() >= self.prob:
            return inputs, scores
        return self.mix(inputs, scores)

    def mix(self, inputs: torch.Tensor,
            scores: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        """Mix the batch (``scores`` already float) and set ``last_step``."""
        raise NotImplementedError
