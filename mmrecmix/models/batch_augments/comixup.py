r"""Co-Mixup (Kim et al., ICLR 2021): a batch of outputs, each a block mosaic of
several inputs, chosen together to keep each input's salient blocks and to keep
the outputs diverse. Vectorised over the batch's partitions, on the inputs'
device."""
from typing import Optional, Tuple

import numpy as np
import torch
import torch.nn.functional as F

from mmrecmix.registry import BATCH_AUGMENTS
from mmrecmix.utils.validation import check_range, is_integer
from .base import check_batch
from .comixup_solver import co_mixup_masks
from .guided_step import GuidedMixStep, check_saliency_batch
from .puzzlemix_solver import block_saliency


def salient_distance(score: torch.Tensor, window: int = 8) -> torch.Tensor:
    """``(N, N)`` L1 distance, in pixels of the map, between the samples' most
    salient ``window x window`` windows (the first maximum of the map averaged over
    each window, stride 1; the window shrinks to a smaller map): the reference's
    compatibility distance (``A_dist`` of the authors' ``main.py``)."""
    size = (min(window, score.size(-2)), min(window, score.size(-1)))
    pooled = F.avg_pool2d(score[:, None].float(), size, stride=1)[:, 0]
    index = pooled.flatten(1).argmax(1)
    position = torch.stack([index // pooled.size(-1), index % pooled.size(-1)], 1)
    return (position[:, None] - position[None]).abs().sum(-1).float()


def compatibility_matrix(distance: torch.Tensor, omega: float) -> torch.Tensor:
    r"""``(B, n, n)`` :math:`A = (1 - \omega) I + \omega\, n D / \sum D` of each
    partition's ``(B, n, n)`` distances (a partition whose distances are all 0 gets
    :math:`(1 - \omega) I`, where the reference divides by 0)."""
    n = distance.size(-1)
    total = distance.sum((1, 2), keepdim=True)
    scaled = torch.where(total > 0, distance * n / total.clamp_min(1e-12),
                         torch.zeros_like(distance))
    eye = torch.eye(n, device=distance.device, dtype=distance.dtype)
    return (1 - omega) * eye + omega * scaled


def mix_blocks(masks: torch.Tensor, inputs: torch.Tensor) -> torch.Tensor:
    r"""``(M, C, H, W)`` outputs :math:`\tilde x_i = \sum_j z_{ij} \odot x_j` for
    ``(M, gh, gw, N)`` block shares ``z`` and ``(N, C, H, W)`` inputs, each block
    share spread over its ``H/gh x W/gw`` pixels."""
    n, c, h, w = inputs.shape
    gh, gw = masks.shape[1:3]
    blocks = inputs.reshape(n, c, gh, h // gh, gw, w // gw)
    mixed = torch.einsum('mpqn,ncpaqb->mcpaqb', masks.to(inputs.dtype), blocks)
    return mixed.reshape(masks.size(0), c, h, w)


@BATCH_AUGMENTS.register_module()
class CoMixup:
    r"""Co-Mixup (Kim et al., ICLR 2021), driven by
    :class:`mmrecmix.GuidedMixClassifier` with
    :class:`mmrecmix.InputGradientGuide` (the saliency
    :math:`\|\nabla_x \ell(x, y)\|_2` over channels).

    The batch is split into partitions of ``part`` samples (the last one may be
    smaller); each partition's ``n`` inputs give ``n`` outputs on a grid of
    ``block_num x block_num`` blocks, every block of output ``i`` showing input
    ``j`` (or half of two inputs) with share :math:`z_{ibj}`, found by
    :func:`mmrecmix.models.batch_augments.comixup_solver.co_mixup_masks`:
    high saliency kept, few cuts, outputs showing different inputs (the
    supermodular diversity with compatibility :func:`compatibility_matrix` of
    :func:`salient_distance`), a Dirichlet prior on the inputs' shares. Then

    .. math::
        \tilde x_i = \sum_j z_{ij} \odot x_j, \qquad
        \tilde y_i = \sum_j \bar z_{ij}\, y_j, \quad
        \bar z_{ij} = \tfrac{1}{|B|} \textstyle\sum_b z_{ibj}

    (rows of :math:`\bar z` sum to 1; the step's ``input_shares``).

    Follows the authors' code (``snu-mllab/Co-Mixup``: ``mixup.py``'s
    ``mixup_process``, ``match.py``'s ``get_onehot_matrix``); OpenMixup has no
    Co-Mixup (its tables quote the authors' runs). Each output's multi-label grid
    cut (gco's alpha-beta swap there) is solved by
    :func:`~mmrecmix.models.batch_augments.comixup_solver.minimise_labelling`,
    for all partitions at once; non-square images get ``block_num`` blocks per
    side. The documentation's guided mixes page gives the solver's accuracy.

    Args:
        block_num (int): Blocks per side, >= 1 and dividing H and W, or -1 for
            2, 4, 8 or 16 drawn per batch. Default 4 (``--m_block_num`` of the
            authors' ``main.py`` and CIFAR / Tiny-ImageNet commands).
        part (int): Partition size, >= 1. Default 20 (``--m_part``).
        beta (float): Smoothness (cost of a cut), >= 0. Default 0.32
            (``--m_beta``).
        gamma (float): Diversity weight, >= 0. Default 1.0 (``--m_gamma``).
        thresh (float): Share of the blocks above which the diversity counts,
            :math:`\tau`. Default 0.83 (``--m_thres`` in the authors' commands;
            0.81-0.86 per its help).
        thresh_type (str): ``'hard'`` or ``'soft'``. Default ``'hard'``
            (``--m_thres_type``).
        eta (float): Prior weight, >= 0. Default 0.05 (``--m_eta``).
        alpha (float): Dirichlet parameter of the prior, > 0. Default 2.0
            (``--mixup_alpha``).
        omega (float): Weight of the compatibility distance, in [0, 1].
            Default 0.001 (``--m_omega``).
        set_resolve (bool): Part outputs that show the same inputs. Default True
            (``--set_resolve``).
        n_iter (int): Outer rounds, >= 1. Default 4 (``--m_niter``; the README
            suggests 3 to save time).
    """

    def __init__(self, block_num: int = 4, part: int = 20, beta: float = 0.32,
                 gamma: float = 1.0, thresh: float = 0.83, thresh_type: str = 'hard',
                 eta: float = 0.05, alpha: float = 2.0, omega: float = 0.001,
                 set_resolve: bool = True, n_iter: int = 4):
        owner = type(self).__name__
        for name, value in (('beta', beta), ('gamma', gamma), ('eta', eta),
                            ('thresh', thresh)):
            check_range(owner, name, value, 0)
        check_range(owner, 'alpha', alpha, 0, low_open=True)
        check_range(owner, 'omega', omega, 0, 1)
        if not (is_integer(block_num) and (block_num == -1 or block_num >= 1)):
            raise ValueError(f'{owner}: block_num must be -1 (random) or an integer '
                             f'>= 1, got {block_num!r}.')
        for name, value in (('part', part), ('n_iter', n_iter)):
            if not (is_integer(value) and value >= 1):
                raise ValueError(f'{owner}: {name} must be an integer >= 1, got '
                                 f'{value!r}.')
        if thresh_type not in ('hard', 'soft'):
            raise ValueError(f"{owner}: thresh_type must be 'hard' or 'soft', got "
                             f'{thresh_type!r}.')
        if not isinstance(set_resolve, bool):
            raise ValueError(f'{owner}: set_resolve must be True or False, got '
                             f'{set_resolve!r}.')
        self.block_num, self.part = block_num, part
        self.beta, self.gamma, self.thresh = beta, gamma, thresh
        self.thresh_type, self.eta, self.alpha = thresh_type, eta, alpha
        self.omega, self.set_resolve, self.n_iter = omega, set_resolve, n_iter

    def __call__(self, inputs: torch.Tensor, targets: torch.Tensor,
                 score: Optional[torch.Tensor]) -> Tuple[torch.Tensor, torch.Tensor,
                                                         GuidedMixStep]:
        """Mix a batch.

        Args:
            inputs (Tensor): ``(N, C, H, W)`` images; the mix is written into this
                tensor.
            targets (Tensor): ``(N, K)`` soft labels.
            score (Tensor): ``(N, h, w)`` saliency of the clean batch.

        Returns:
            tuple: The mixed images (the caller's ``inputs`` tensor, mixed in place
            as by every image mix of mmrecmix), the mixed labels (a new float
            tensor) and the :class:`GuidedMixStep` (its ``input_shares``;
            ``lam``, ``source_index`` and ``source_share`` summarise them).
        """
        check_batch(type(self).__name__, inputs, targets)
        self._check_inputs(inputs, score)
        n = self.block_num if self.block_num != -1 else 2**np.random.randint(1, 5)
        masks = self.masks(score, n)
        # Every output reads many inputs: computed apart, then written into the
        # caller's batch (the in-place rule of the batch augments).
        inputs.copy_(mix_blocks(masks, inputs))
        shares = masks.mean((1, 2))
        step = self.step(masks, shares, inputs.shape[-2:])
        return inputs, step.mix_targets(targets), step

    def masks(self, score: torch.Tensor, n: int) -> torch.Tensor:
        """``(N, n, n, N)`` share of input ``j`` in each block of output ``i``,
        zero across partitions."""
        size = score.size(0)
        saliency = block_saliency(score, (n, n))
        distance = salient_distance(score)
        masks = saliency.new_zeros(size, n, n, size)
        full = size // self.part * self.part
        for start, stop, width in ((0, full, self.part), (full, size, size - full)):
            if stop == start:
                continue
            index = torch.arange(start, stop, device=score.device).reshape(-1, width)
            parts = co_mixup_masks(
                -saliency[index], compatibility_matrix(
                    distance[index[:, :, None], index[:, None]], self.omega),
                self.beta, self.gamma, self.eta, self.alpha, self.thresh,
                self.thresh_type, self.set_resolve, self.n_iter)
            block = masks.new_zeros(index.size(0), width, n, n, size)
            block.scatter_(-1, index[:, None, None, None].expand(-1, width, n, n, -1),
                           parts)
            masks.index_copy_(0, index.flatten(), block.flatten(0, 1))
        return masks

    @staticmethod
    def step(masks: torch.Tensor, shares: torch.Tensor, size) -> GuidedMixStep:
        """The step of ``(N, n, n, N)`` masks with ``(N, N)`` label shares."""
        own = torch.arange(shares.size(0), device=shares.device)
        others = shares.clone()
        others[own, own] = -1
        local = masks[own, :, :, own]  # (N, n, n): output b's share of input b
        scale = (size[0] // masks.size(1), size[1] // masks.size(2))
        own_pixels = local.repeat_interleave(scale[0], 1).repeat_interleave(scale[1], 2)
        return GuidedMixStep(lam=shares[own, own], source_index=others.argmax(1),
                             source_share=1 - own_pixels, input_shares=shares)

    def _check_inputs(self, inputs: torch.Tensor, score: Optional[torch.Tensor]):
        owner = type(self).__name__
        check_saliency_batch(owner, inputs, score)
        nums = (2, 4, 8, 16) if self.block_num == -1 else (self.block_num, )
        for n in nums:
            if any(side % n for side in inputs.shape[-2:]):
                raise ValueError(
                    f'{owner}: the input sides {tuple(inputs.shape[-2:])} must split '
                    f'into {n} equal blocks (block_num={self.block_num}).')
