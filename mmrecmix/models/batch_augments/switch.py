"""A per-sample choice among pair mixes: each sample its own augment (or none)."""
from typing import List, Optional, Sequence, Tuple, Union

import numpy as np
import torch

from mmrecmix.registry import BATCH_AUGMENTS
from mmrecmix.utils.validation import check_range
from .base import PairMix, check_batch


def reported_pairs(step: Optional[dict], batch_size: int,
                   device) -> Tuple[torch.Tensor, torch.Tensor]:
    """``(lam, index)`` per sample from a :class:`PairMix` report: a batch-mode float
    ``lam`` is spread over the batch; no report (not mixed) is ``lam = 1`` with each
    sample its own partner."""
    if step is None:
        return (torch.ones(batch_size, dtype=torch.float64, device=device),
                torch.arange(batch_size, device=device))
    lam = torch.as_tensor(step['lam'], dtype=torch.float64, device=device)
    return lam.expand(batch_size), step['index']


@BATCH_AUGMENTS.register_module()
class SampleSwitch:
    r"""Choose the batch augment per sample, registered as ``mmrecmix.SampleSwitch``.

    mmpretrain's ``RandomBatchAugment(augments, probs)`` draws one augment for the
    whole batch; this draws one for each sample: sample :math:`i` gets augment
    :math:`a_i = k` with probability ``probs[k]``, or none (passes unchanged) with
    probability :math:`1 - \sum_k` ``probs[k]``. Each augment that some sample drew
    runs once, on a clean copy of the whole batch (so partners come from the whole
    batch), and each sample takes its rows of the images and labels from the augment
    it drew. Since a pair mix computes sample :math:`i`'s mix from the clean batch
    only, this is exact:

    .. math::
        \tilde x_i = \mathrm{aug}_{a_i}(x)_i, \qquad
        \tilde y_i = \lambda_i y_i + (1 - \lambda_i) y_{\mathrm{index}_i}

    with :math:`\lambda_i` and the partner :math:`\mathrm{index}_i` those augment
    :math:`a_i` reported for sample :math:`i`. Give the augments ``mode='elem'`` (or
    ``'pair'``) for per-sample draws inside each augment too; in ``'batch'`` mode the
    samples that chose it share its one draw. The cost is one run and one batch copy
    per augment drawn.

    The mix is written into the caller's ``inputs`` (the in-place rule of
    :class:`PairMix`); :attr:`last_step` keeps ``choice`` (``(N,)``, ``-1`` for
    none), ``lam`` (``(N,)``, the kept share) and ``index`` (``(N,)``, the partner),
    or ``None`` when no sample was mixed.

    Args:
        augments (list[dict | PairMix]): The mmrecmix pair mixes (they report their
            ratios per sample) to choose from, or their configs.
        probs (list[float], optional): Probability of each augment per sample, each
            in [0, 1], summing to at most 1. Defaults to None (equal shares that sum
            to 1).
    """

    def __init__(self, augments: Union[dict, PairMix, Sequence],
                 probs: Optional[Sequence[float]] = None):
        if not isinstance(augments, (list, tuple)):
            augments = [augments]
        self.augments = [BATCH_AUGMENTS.build(aug) if isinstance(aug, dict) else aug
                         for aug in augments]
        for aug in self.augments:
            if not isinstance(aug, PairMix):
                raise ValueError('SampleSwitch: augments must be mmrecmix pair mixes '
                                 '(CutMix, ResizeMix, Mixup, FMix, SaliencyMix), which '
                                 f'report their ratio per sample; got {aug!r}.')
        self.probs = self.checked_probs(probs, len(self.augments))
        self.last_step: Optional[dict] = None

    @staticmethod
    def checked_probs(probs: Optional[Sequence[float]], num: int) -> List[float]:
        """``probs`` as a list, or a ``ValueError`` naming what is wrong."""
        if probs is None:
            return [1 / num] * num
        probs = list(probs) if isinstance(probs, (list, tuple)) else [probs]
        if len(probs) != num:
            raise ValueError(f'SampleSwitch: probs needs one probability per augment '
                             f'({num}), got {len(probs)}.')
        for prob in probs:
            check_range('SampleSwitch', 'each of probs', prob, 0, 1)
        if sum(probs) > 1 + 1e-9:
            raise ValueError(f'SampleSwitch: probs must sum to at most 1 (the rest is '
                             f'the chance of no mix), got {sum(probs):g}.')
        return probs

    def sample_choices(self, batch_size: int) -> np.ndarray:
        """Each sample's augment, ``-1`` for none (NumPy's global RNG)."""
        rest = max(1 - sum(self.probs), 0.0)
        weights = np.array([*self.probs, rest]) / (sum(self.probs) + rest)
        choice = np.random.choice(len(weights), size=batch_size, p=weights)
        return np.where(choice == len(self.probs), -1, choice)

    def __call__(self, inputs: torch.Tensor,
                 scores: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        """Mix each sample by the augment it drew.

        Args:
            inputs (Tensor): ``(N, C, H, W)`` images; written in place.
            scores (Tensor): ``(N, num_classes)`` labels, one-hot or soft.

        Returns:
            tuple: The mixed inputs (the caller's ``inputs`` tensor, mixed in
            place) and the mixed scores (a new float tensor).
        """
        check_batch('SampleSwitch', inputs, scores)
        scores = scores.float()
        self.last_step = None
        batch_size, device = inputs.size(0), inputs.device
        choice = torch.from_numpy(self.sample_choices(batch_size)).to(device)
        drawn = [k for k in range(len(self.augments)) if (choice == k).any()]
        if not drawn:
            return inputs, scores
        clean, mixed_scores = inputs.clone(), scores.clone()
        lam, index = reported_pairs(None, batch_size, device)
        lam, index = lam.clone(), index.clone()
        for k in drawn:
            augment, rows = self.augments[k], choice == k
            out, out_scores = augment(clean if k == drawn[-1] else clean.clone(), scores)
            inputs[rows], mixed_scores[rows] = out[rows], out_scores[rows]
            step_lam, step_index = reported_pairs(augment.last_step, batch_size, device)
            lam[rows], index[rows] = step_lam[rows], step_index[rows]
        self.last_step = dict(choice=choice, lam=lam, index=index)
        return inputs, mixed_scores
