"""What mmrecmix's pair-mixing batch augments share."""
from typing import Optional, Tuple

import numpy as np
import torch

from mmrecmix.utils.validation import check_range

#: How a :class:`PairMix` draws: one draw for the batch, one per pair, one per sample.
MODES = ('batch', 'pair', 'elem')


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


def check_mode(owner: str, mode: str) -> None:
    """Raise a ``ValueError`` unless ``mode`` is one of :data:`MODES`."""
    if mode not in MODES:
        raise ValueError(f"{owner}: mode must be 'batch' (one draw for the batch), "
                         "'pair' (one per pair of samples) or 'elem' (one per "
                         f'sample), got {mode!r}.')


def elem_partners(batch_size: int, device=None) -> Tuple[torch.Tensor, ...]:
    """Partners for ``'elem'`` mode: a random permutation; draw ``i`` is sample ``i``'s.

    Returns:
        tuple: ``(index, draw_of, sources)``: sample ``i`` mixes with ``index[i]``
        using draw ``draw_of[i]``; ``sources[k]`` is the sample whose pixels draw
        ``k`` pastes (here ``index``).
    """
    index = torch.randperm(batch_size, device=device)
    return index, torch.arange(batch_size, device=device), index


def pair_partners(batch_size: int, device=None) -> Tuple[torch.Tensor, ...]:
    """Partners for ``'pair'`` mode: a random permutation made of 2-cycles.

    A random order of the batch is cut into halves; sample ``first[k]`` and sample
    ``second[k]`` swap partners and share draw ``k``. In an odd batch the last sample
    of the order is its own partner and gets draw ``batch_size // 2``, the null draw
    (not mixed).

    Returns:
        tuple: ``(index, draw_of, sources)`` as :func:`elem_partners`, with
        ``sources = second`` (draw ``k``'s region is placed by ``second[k]``).
    """
    order = torch.randperm(batch_size, device=device)
    num_pairs = batch_size // 2
    first, second = order[:num_pairs], order[num_pairs:2 * num_pairs]
    index = torch.arange(batch_size, device=device)
    index[first], index[second] = second, first
    draw_of = torch.full((batch_size, ), num_pairs, device=device)
    pair = torch.arange(num_pairs, device=device)
    draw_of[first], draw_of[second] = pair, pair
    return index, draw_of, second


def per_sample(values, null: float, draw_of: torch.Tensor) -> torch.Tensor:
    """Each sample's row of the per-draw ``values`` (``(K, ...)``), with ``null`` for
    the samples whose ``draw_of`` is ``K`` (not mixed)."""
    values = torch.as_tensor(values, device=draw_of.device)
    padded = torch.cat([values, values.new_full((1, *values.shape[1:]), null)])
    return padded[draw_of]


def mix_scores(scores: torch.Tensor, lam, index: torch.Tensor) -> torch.Tensor:
    """``lam * y + (1 - lam) * y[index]``, ``lam`` a number or an ``(N,)`` tensor."""
    if torch.is_tensor(lam):
        lam = lam.to(scores.dtype)[:, None]
    return lam * scores + (1 - lam) * scores[index]


class PairMix:
    r"""Base of the batch augments that mix each sample with a partner drawn by a
    random permutation of the batch (CutMix, ResizeMix, Mixup, FMix, SaliencyMix).

    It keeps mmpretrain's batch-augment contract, ``__call__(inputs, batch_score) ->
    (inputs, scores)`` with float scores, so each is a drop-in for mmpretrain's own
    and works inside its ``RandomBatchAugment``; adds the probability ``prob`` of
    mixing; and keeps ``last_step``, a dict reporting the latest call to the tools
    that show the mix (``None`` when the batch was not mixed).

    ``mode`` says how many random draws (ratio :math:`\lambda`, box, mask) a batch
    gets:

    - ``'batch'``: one draw for the whole batch, partners by one random permutation;
      the batch is mixed with probability ``prob``.
    - ``'elem'``: a draw per sample, partners still by one random permutation: sample
      ``i`` keeps the share :math:`\lambda_i` of its own image and label and takes
      the rest from sample ``index[i]``. Each sample is mixed with probability
      ``prob`` (otherwise :math:`\lambda_i = 1` and it passes unchanged).
    - ``'pair'``: the batch is matched in random disjoint pairs (a permutation made
      of 2-cycles); each pair shares one draw, and each of the two receives the
      other's region, so their pixels are swapped within the box (or mask) and
      their labels get :math:`\lambda` and :math:`1 - \lambda` of each other. Half
      the draws of ``'elem'``; each pair is mixed with probability ``prob``; in an
      odd batch one sample is left unmixed (:math:`\lambda = 1`).

    Labels are exact per sample: :math:`\tilde y_i = \lambda_i y_i + (1 -
    \lambda_i) y_{\mathrm{index}[i]}`, :math:`\lambda_i` the share of sample
    ``i``'s pixels it keeps (the drawn ratio for Mixup). In the per-sample modes
    ``last_step`` holds ``lam`` as an ``(N,)`` tensor and ``index``, plus ``boxes``
    (``(N, 4)`` ``(x1, y1, x2, y2)``, empty for unmixed samples) for the box mixes
    or ``mask`` (``(N, H, W)``, 1 where the sample's own image is kept) for FMix.

    In-place rule (every mmrecmix batch augment): the mix is written into the
    caller's ``inputs`` tensor, which is returned (as mmpretrain's CutMix and
    ResizeMix do); the scores are a new float tensor. Pass a clone to keep the clean
    batch. Host-side draws (ratios, boxes, coins) use NumPy's global RNG, the
    permutation torch's on the inputs' device.

    Subclasses implement :meth:`mix` (batch mode), :meth:`sample_draws` and
    :meth:`paste` (per-sample modes).

    Args:
        prob (float): Probability of mixing a batch (``'batch'``), a pair
            (``'pair'``) or a sample (``'elem'``), in [0, 1]. Defaults to 1.0.
        mode (str): ``'batch'``, ``'pair'`` or ``'elem'``. Defaults to 'batch'.
    """

    #: ``last_step`` key of the per-sample regions, and the region of an unmixed
    #: sample (an empty box).
    region_key = 'boxes'
    null_region = 0

    def __init__(self, prob: float = 1.0, mode: str = 'batch'):
        check_range(type(self).__name__, 'prob', prob, 0, 1)
        check_mode(type(self).__name__, mode)
        self.prob = prob
        self.mode = mode
        self.last_step: Optional[dict] = None

    def __call__(self, inputs: torch.Tensor,
                 scores: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        """Mix a batch (``prob``, ``mode``: see the class).

        Args:
            inputs (Tensor): ``(N, C, H, W)`` images (or feature maps); written in
                place.
            scores (Tensor): ``(N, num_classes)`` labels, one-hot or soft.

        Returns:
            tuple: The mixed inputs (the caller's ``inputs`` tensor, mixed in
            place) and the mixed scores (a new float tensor).
        """
        check_batch(type(self).__name__, inputs, scores)
        scores = scores.float()
        self.last_step = None
        if self.mode != 'batch':
            return self.mix_per_sample(inputs, scores)
        if self.prob < 1 and np.random.rand() >= self.prob:
            return inputs, scores
        return self.mix(inputs, scores)

    def mix(self, inputs: torch.Tensor,
            scores: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        """Mix the batch with one draw (``scores`` already float), set ``last_step``."""
        raise NotImplementedError

    def mix_per_sample(self, inputs: torch.Tensor,
                       scores: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        """Mix with a draw per sample or per pair (``mode``), set ``last_step``."""
        partners = pair_partners if self.mode == 'pair' else elem_partners
        index, draw_of, sources = partners(inputs.size(0), inputs.device)
        lam, regions = self.sample_draws(inputs, sources)
        draw_of = self.drop_unmixed(draw_of, len(sources))
        lam = per_sample(lam, 1.0, draw_of)
        self.last_step = dict(lam=lam, index=index)
        if regions is not None:
            regions = per_sample(regions, self.null_region, draw_of)
            self.last_step[self.region_key] = regions
        self.paste(inputs, index, lam, regions)
        return inputs, mix_scores(scores, lam, index)

    def drop_unmixed(self, draw_of: torch.Tensor, num_draws: int) -> torch.Tensor:
        """Send each draw's samples to the null draw ``num_draws`` with probability
        ``1 - prob`` (one coin per draw, NumPy's RNG, none when ``prob == 1``)."""
        if self.prob == 1:
            return draw_of
        mixed = torch.from_numpy(np.random.rand(num_draws) < self.prob)
        mixed = torch.cat([mixed, mixed.new_zeros(1)]).to(draw_of.device)
        return torch.where(mixed[draw_of], draw_of, num_draws)

    def sample_draws(self, inputs: torch.Tensor, sources: torch.Tensor) -> tuple:
        """One draw for each of ``sources`` (the sample each draw pastes from).

        Returns:
            tuple: ``(lam, regions)``: ``(K,)`` kept shares and the ``K`` regions
            (:attr:`region_key`: ``(K, 4)`` boxes ``(x1, y1, x2, y2)`` or ``(K, H,
            W)`` kept masks), or ``None`` for a mix without regions.
        """
        raise NotImplementedError

    def paste(self, inputs: torch.Tensor, index: torch.Tensor, lam: torch.Tensor,
              regions: Optional[torch.Tensor]) -> None:
        """Write the per-sample mix into ``inputs`` (``lam``, ``regions`` per
        sample)."""
        raise NotImplementedError
