"""Attentive CutMix: the partner's most activated cells, pasted where they are."""
from typing import Optional, Tuple

import numpy as np
import torch
import torch.nn.functional as F

from mmrecmix.registry import BATCH_AUGMENTS
from mmrecmix.utils.validation import check_range

from .base import check_batch
from .guided_step import GuidedMixStep


def top_cells(score: torch.Tensor, k: int) -> torch.Tensor:
    """``(N, h, w)`` mask, True on the ``k`` highest-scored cells of each map of
    ``score`` ``(N, h, w)``."""
    flat = score.flatten(1)
    index = flat.topk(k, dim=1).indices
    mask = torch.zeros_like(flat, dtype=torch.bool).scatter_(1, index, True)
    return mask.view_as(score)


def cells_to_pixels(cell_mask: torch.Tensor, size: Tuple[int, int]) -> torch.Tensor:
    """Nearest-neighbour upsampling of an ``(N, h, w)`` cell mask to ``(N, H, W)``
    pixels (float 0 / 1): pixel ``(y, x)`` lies in cell ``(floor(y h / H),
    floor(x w / W))``, so a grid that does not divide the image gets cells of
    unequal size, each pixel in exactly one cell."""
    pixels = F.interpolate(cell_mask[:, None].float(), size=size, mode='nearest')
    return pixels[:, 0]


@BATCH_AUGMENTS.register_module()
class AttentiveMix:
    r"""Attentive CutMix (Walawalkar et al., ICASSP 2020): the ``k`` cells of the
    partner that a frozen pretrained network finds most active are pasted, at the
    same place, onto the target.

    The guide (:class:`mmrecmix.FrozenNetworkGuide`) gives the score of each cell of
    the last feature map of that network on the clean batch (the channel mean of
    the map, as in OpenMixup). With the partner :math:`s = \pi(b)` of sample ``b``
    from a random permutation of the batch and :math:`M_s` the ``k`` top-scored
    cells of :math:`s`, upsampled (nearest) to the image,

    .. math::
        \tilde x_b = M_s \odot x_s + (1 - M_s) \odot x_b, \qquad
        \tilde y_b = \lambda_b y_b + (1 - \lambda_b) y_s, \qquad
        \lambda_b = 1 - \frac{|M_s|}{H W}

    (the paper's :math:`\lambda = 1 - k / 49` on a 7x7 map of a 224 px image; the
    guide resizes every crop to 224 x 224 first, so a ResNet-50's map is 7x7 at any
    crop; on a grid that does not divide the image the pasted pixels are counted
    per sample).
    ``top_k=None`` draws :math:`k = \min(\max(1, \lfloor h w \lambda' \rfloor), h w)`
    with :math:`\lambda' \sim \mathrm{Beta}(\alpha, \alpha)` per batch (OpenMixup's
    "AttentiveMix+"). The draw of ``k`` is on the host (NumPy's global RNG); cells,
    mask and paste run on the device for the whole batch.

    Driven by :class:`mmrecmix.GuidedMixClassifier` with
    ``guide=dict(type='mmrecmix.FrozenNetworkGuide', ...)``. Follows the paper
    (``top_k=6``) and OpenMixup (``top_k=None, alpha=2``); which variant serves which
    table is on the documentation's guided mixes page.

    Args:
        top_k (int, optional): Cells pasted per sample, >= 1 and at most the cells
            of the score map; ``None`` draws it from ``alpha`` per batch.
            Defaults to 6 (the paper).
        alpha (float, optional): Beta parameter of the ``top_k=None`` variant
            (OpenMixup: 2), > 0; must be None with a fixed ``top_k``.
    """

    def __init__(self, top_k: Optional[int] = 6, alpha: Optional[float] = None):
        name = type(self).__name__
        if top_k is None:
            if alpha is None:
                raise ValueError(f'{name}: top_k=None draws k from Beta(alpha, alpha); '
                                 'set alpha (OpenMixup\'s AttentiveMix+: alpha=2).')
            check_range(name, 'alpha', alpha, 0, low_open=True)
        else:
            if isinstance(top_k, bool) or not isinstance(top_k, int) or top_k < 1:
                raise ValueError(f'{name}: top_k must be an int >= 1 or None, got '
                                 f'{top_k!r}.')
            if alpha is not None:
                raise ValueError(f'{name}: alpha={alpha} is only used with top_k=None '
                                 f'(k drawn per batch); drop alpha or set top_k=None.')
        self.top_k = top_k
        self.alpha = alpha

    def num_cells(self, grid_cells: int) -> int:
        """``k`` for a map of ``grid_cells`` cells: ``top_k``, or drawn from
        ``Beta(alpha, alpha)``."""
        if self.top_k is None:
            lam = np.random.beta(self.alpha, self.alpha)
            return min(max(1, int(grid_cells * lam)), grid_cells)
        if self.top_k > grid_cells:
            raise ValueError(
                f'{type(self).__name__}: top_k={self.top_k} exceeds the {grid_cells} '
                'cells of the score map; lower top_k or give the guide a finer map.')
        return self.top_k

    def __call__(self, inputs: torch.Tensor, targets: torch.Tensor,
                 score: Optional[torch.Tensor]) -> Tuple[torch.Tensor, torch.Tensor,
                                                         GuidedMixStep]:
        """Mix a batch.

        Args:
            inputs (Tensor): ``(N, C, H, W)`` images; the cells are pasted into
                this tensor.
            targets (Tensor): ``(N, num_classes)`` labels, one-hot or soft.
            score (Tensor): ``(N, h, w)`` cell scores of the clean batch.

        Returns:
            tuple: The mixed inputs (the caller's ``inputs`` tensor, mixed in place
            as by every image mix of mmrecmix), the mixed labels (a new float
            tensor), and the :class:`GuidedMixStep` (per-sample ``lam``,
            ``source_share`` the ``(N, H, W)`` pasted mask).
        """
        name = type(self).__name__
        check_batch(name, inputs, targets)
        if score is None or score.dim() != 3 or score.size(0) != inputs.size(0):
            shape = None if score is None else tuple(score.shape)
            raise ValueError(
                f'{name} needs an (N, h, w) cell score of the {inputs.size(0)} images '
                f"(guide=dict(type='mmrecmix.FrozenNetworkGuide', ...)), got {shape}.")
        source_index = torch.randperm(inputs.size(0), device=inputs.device)
        k = self.num_cells(score[0].numel())
        cells = top_cells(score[source_index], k)
        share = cells_to_pixels(cells, tuple(inputs.shape[-2:])).to(inputs.dtype)
        pasted = share[:, None].bool().expand_as(inputs)
        inputs[pasted] = inputs[source_index][pasted]  # the partners, read first
        step = GuidedMixStep(lam=1 - share.float().mean(dim=(1, 2)),
                             source_index=source_index, source_share=share)
        return inputs, step.mix_targets(targets.float()), step
