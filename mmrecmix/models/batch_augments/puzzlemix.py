r"""PuzzleMix (Kim, Choo and Song, ICML 2020): a saliency-aware block mask found by
minimising a grid energy, and a transport of each image's salient blocks to where
the mask shows that image. Vectorised over the batch, on the inputs' device."""
import math
from typing import Optional, Sequence, Tuple

import numpy as np
import torch

from mmrecmix.registry import BATCH_AUGMENTS
from mmrecmix.utils.validation import check_range, is_integer
from .base import check_batch
from .guided_step import GuidedMixStep, check_saliency_batch
from .puzzlemix_solver import (belief_propagation, block_saliency,  # noqa: F401
                               coordinate_descent, grid_energy, level_distances,
                               level_prior, mask_energy_terms,
                               minimise_mask_energy, seam_distances)

# Per-channel mean / std of mmpretrain's ImageNet data preprocessor (pixels 0-255).
IMAGENET_MEAN = (123.675, 116.28, 103.53)
IMAGENET_STD = (58.395, 57.12, 57.375)


# ----------------------------------------------------------------------------------
# Transport
# ----------------------------------------------------------------------------------
def transport_cost_matrix(grid: Tuple[int, int], device) -> torch.Tensor:
    r"""``(g, g)`` squared distance between block positions, ``g = gh gw``, each axis
    in units of the grid's extent: :math:`((\Delta r/(g_h-1))^2 +
    (\Delta c/(g_w-1))^2)` (the reference's :math:`\|\Delta\|^2/(n-1)^2` on square
    grids)."""
    rows = torch.arange(grid[0], device=device).repeat_interleave(grid[1]).float()
    cols = torch.arange(grid[1], device=device).repeat(grid[0]).float()
    dr = (rows[:, None] - rows[None]) / max(grid[0] - 1, 1)
    dc = (cols[:, None] - cols[None]) / max(grid[1] - 1, 1)
    return dr**2 + dc**2


def transport_cost(visible: torch.Tensor, saliency: torch.Tensor,
                   eps: float) -> torch.Tensor:
    r"""``(N, g, g)`` cost :math:`\epsilon C_{ij} - s_i z_j` of moving block ``i`` to
    position ``j`` (``g = gh gw``; ``s`` the image's ``(N, gh, gw)`` normalised block
    saliency, ``z`` the ``(N, gh, gw)`` bool of positions where the mask shows the
    image, ``C`` :func:`transport_cost_matrix`)."""
    distance = transport_cost_matrix(tuple(visible.shape[1:]), visible.device)
    return eps * distance[None] - \
        saliency.flatten(1)[:, :, None] * visible.flatten(1).to(saliency.dtype)[:, None]


def contest_winners(choice: torch.Tensor, offer: torch.Tensor) -> torch.Tensor:
    """Which blocks win the position they chose, by the reference's rule: position
    ``j`` goes to the first block ``i`` minimising ``offer[i]`` if ``choice[i] == j``
    else 0 (the minimum over blocks of ``plan * cost``), and is won only if that
    block chose it. So a position whose best offer is below 0 goes to its best
    (first) bidder, and one whose best offer is 0 or more goes to no one, unless the
    first zero is a bidder's. ``O(N g)``: no ``(N, g, g)`` tensor.

    Args:
        choice (Tensor): ``(N, g)`` position each block bids for.
        offer (Tensor): ``(N, g)`` cost of its bid.

    Returns:
        Tensor: ``(N, g)`` bool.
    """
    n, g = choice.shape
    rows = torch.arange(g, device=choice.device).expand(n, g)
    best = offer.new_full((n, g), math.inf).scatter_reduce(
        1, choice, offer, 'amin')
    bidders = torch.zeros_like(choice).scatter_add(1, choice, torch.ones_like(choice))
    floor = torch.where(bidders < g, best.clamp_max(0), best)
    at_floor = offer == floor.gather(1, choice)
    first_bidder = torch.full_like(choice, g).scatter_reduce(
        1, choice, torch.where(at_floor, rows, g), 'amin')
    # The first block that did not bid for j (value 0): block 0, unless j is block
    # 0's choice; then the first block after the run of blocks that chose it too.
    differs = choice != choice[:, :1]
    run = torch.where(differs.any(1), differs.int().argmax(1), g)
    first_other = torch.zeros_like(choice).scatter(1, choice[:, :1], run[:, None])
    winner = torch.where(floor == 0, torch.minimum(first_bidder, first_other),
                         first_bidder)
    return winner.gather(1, choice) == rows


def transport_plan(visible: torch.Tensor, saliency: torch.Tensor, eps: float,
                   iterations: int) -> torch.Tensor:
    r"""The reference's approximate transport (Sec. 3.2): block ``i`` moves to
    position ``j`` under the cost of :func:`transport_cost`. Each round every block
    bids for its cheapest position, :func:`contest_winners` settles each position,
    and each losing bid costs 1 more the next round. The last round's winners move;
    a block that lost moves nowhere and a position nobody won receives zeros
    (where the mask shows the image, this happens when no block has a negative
    cost for it, e.g. saliency exactly 0 there).

    Returns:
        Tensor: ``(N, g)`` destination of each block, -1 for nowhere.
    """
    cost = transport_cost(visible, saliency, eps)
    for _ in range(iterations):
        offer, choice = cost.min(-1)  # the first minimum, as argmin
        won = contest_winners(choice, offer)
        cost.scatter_add_(-1, choice[..., None], (~won).to(cost.dtype)[..., None])
    return torch.where(won, choice, -1)


def transport_blocks(images: torch.Tensor, destination: torch.Tensor,
                     grid: Tuple[int, int]) -> torch.Tensor:
    """Move the ``(N, C, H, W)`` images' blocks to their ``(N, g)`` destinations
    (-1: dropped); a position no block moves to receives zeros."""
    n, c, h, w = images.shape
    g = grid[0] * grid[1]
    bh, bw = h // grid[0], w // grid[1]
    blocks = images.reshape(n, c, grid[0], bh, grid[1], bw).permute(
        0, 2, 4, 1, 3, 5).reshape(n, g, c * bh * bw)
    # Position j's block; dropped blocks all land in an extra slot g.
    rows = torch.arange(g, device=images.device).expand(n, g)
    source = torch.full((n, g + 1), -1, dtype=torch.long, device=images.device)
    source.scatter_(1, torch.where(destination >= 0, destination, g), rows)
    source = source[:, :g]
    moved = blocks.gather(1, source.clamp_min(0)[..., None].expand_as(blocks))
    moved = moved * (source >= 0)[..., None].to(images.dtype)
    return moved.reshape(n, grid[0], grid[1], c, bh, bw).permute(
        0, 3, 1, 4, 2, 5).reshape(n, c, h, w)


def upsample(mask: torch.Tensor, size: Tuple[int, int]) -> torch.Tensor:
    """Nearest upsampling of an ``(N, gh, gw)`` mask by whole factors."""
    return mask.repeat_interleave(size[0] // mask.size(1), 1).repeat_interleave(
        size[1] // mask.size(2), 2)


# ----------------------------------------------------------------------------------
# The batch augment
# ----------------------------------------------------------------------------------
@BATCH_AUGMENTS.register_module()
class PuzzleMix:
    r"""PuzzleMix (Kim et al., ICML 2020), driven by
    :class:`mmrecmix.GuidedMixClassifier` with
    :class:`mmrecmix.InputGradientGuide` (the saliency
    :math:`\|\nabla_x \ell(x, y)\|_2` over channels, Sec. 3).

    Per batch: a random pairing (sample ``b``, the target, with source
    ``perm[b]``), a prior share :math:`\lambda \sim \mathrm{Beta}(\alpha,\alpha)`
    and a block count ``n`` drawn from ``block_nums``; per sample:

    1. the ``n x n`` mask of levels :math:`v_b \in \{0, \frac{1}{L-1},\ldots,1\}`
       (the target's share of block ``b``) minimising
       :func:`mask_energy_terms`' energy: keep the salient blocks of both images,
       cut along seams where they look alike, target share near :math:`\lambda`;
    2. with ``transport``, each image's salient blocks moved (by
       :func:`transport_plan`) to the positions where the mask shows it;
    3. :math:`\tilde x = v \odot \Pi_t^\top x_t + (1 - v) \odot \Pi_s^\top x_s`
       and :math:`\tilde y = \bar v\, y_t + (1 - \bar v)\, y_s` with :math:`\bar v`
       the mask's mean (the step's per-sample ``lam``).

    Follows OpenMixup's ``puzzlemix`` (which ran the AutoMix and SMMix tables), with
    the energy minimised in torch for the whole batch
    (:func:`minimise_mask_energy`) instead of gco's swap per sample; non-square
    images get ``n`` blocks per side. The documentation's guided mixes page gives
    the energy, the solver's accuracy and the recipes.

    Args:
        alpha (float): Beta parameter of :math:`\lambda`, > 0. Default 1.0
            (OpenMixup and the authors' recipes).
        block_nums (sequence of int): Blocks per side, one drawn per batch, each
            >= 2 and dividing H and W. Default (2, 4, 8) (OpenMixup's default).
        beta (float): Label smoothness (cost of a cut), >= 0. Default 1.2.
        gamma (float): Data smoothness (weight of the seam distance), >= 0.
            Default 0.5.
        eta (float): Weight of the share prior, >= 0. Default 0.2.
        neigh_size (int): Seam neighbourhood in pixels, >= 1. Default 4.
        n_labels (int): Mask levels ``L``, >= 2. Default 3 ({0, 0.5, 1}).
        transport (bool): Move salient blocks. Default True.
        t_eps (float): Weight of the distance in the transport cost, >= 0.
            Default 0.8.
        t_size (int): Transport cell in pixels, or -1 for the mask's blocks. A
            cell smaller than a block moves ``t_size`` squares (the mask then
            upsampled to them). Default -1 (OpenMixup's default; its CIFAR configs
            and the authors' CIFAR recipe use 4).
        mean, std (sequence of float): The data preprocessor's per-channel mean and
            std (pixels 0-255), to compare seams on pixels in [0, 1] as the
            reference does. Default mmpretrain's ImageNet values.
    """

    def __init__(self, alpha: float = 1.0, block_nums: Sequence[int] = (2, 4, 8),
                 beta: float = 1.2, gamma: float = 0.5, eta: float = 0.2,
                 neigh_size: int = 4, n_labels: int = 3, transport: bool = True,
                 t_eps: float = 0.8, t_size: int = -1,
                 mean: Sequence[float] = IMAGENET_MEAN,
                 std: Sequence[float] = IMAGENET_STD):
        owner = type(self).__name__
        check_range(owner, 'alpha', alpha, 0, low_open=True)
        for name, value in (('beta', beta), ('gamma', gamma), ('eta', eta),
                            ('t_eps', t_eps)):
            check_range(owner, name, value, 0)
        block_nums = tuple(block_nums) if isinstance(block_nums, (list, tuple)) \
            else (block_nums, )
        if not block_nums or not all(is_integer(n) and n >= 2 for n in block_nums):
            raise ValueError(f'{owner}: block_nums must be a non-empty sequence of '
                             f'integers >= 2, got {block_nums!r}.')
        if not (is_integer(neigh_size) and neigh_size >= 1):
            raise ValueError(f'{owner}: neigh_size must be an integer >= 1, got '
                             f'{neigh_size!r}.')
        if not (is_integer(n_labels) and n_labels >= 2):
            raise ValueError(f'{owner}: n_labels must be an integer >= 2, got '
                             f'{n_labels!r}.')
        if not (is_integer(t_size) and (t_size == -1 or t_size >= 1)):
            raise ValueError(f'{owner}: t_size must be -1 (the mask\'s blocks) or an '
                             f'integer >= 1, got {t_size!r}.')
        if not isinstance(transport, bool):
            raise ValueError(f'{owner}: transport must be True or False, got '
                             f'{transport!r}.')
        if len(mean) != len(std) or not all(s > 0 for s in std):
            raise ValueError(f'{owner}: mean and std must have one entry per channel '
                             f'and std must be > 0, got mean={mean!r}, std={std!r}.')
        self.alpha = alpha
        self.block_nums = block_nums
        self.beta, self.gamma, self.eta = beta, gamma, eta
        self.neigh_size, self.n_labels = neigh_size, n_labels
        self.transport, self.t_eps, self.t_size = transport, t_eps, t_size
        self.mean = torch.tensor(mean, dtype=torch.float32)
        self.std = torch.tensor(std, dtype=torch.float32)

    def __call__(self, inputs: torch.Tensor, targets: torch.Tensor,
                 score: Optional[torch.Tensor]) -> Tuple[torch.Tensor, torch.Tensor,
                                                         GuidedMixStep]:
        """Mix a batch.

        Args:
            inputs (Tensor): ``(N, C, H, W)`` normalised images; the mix is
                written into this tensor.
            targets (Tensor): ``(N, K)`` soft labels.
            score (Tensor): ``(N, h, w)`` saliency of the clean batch (the input
                gradient's norm at pixels, or any coarser map).

        Returns:
            tuple: The mixed images (the caller's ``inputs`` tensor, mixed in place
            as by every image mix of mmrecmix), the mixed labels (a new float
            tensor) and the :class:`GuidedMixStep` (per-sample ``lam``,
            ``source_share = 1 - v`` at pixels).
        """
        check_batch(type(self).__name__, inputs, targets)
        self._check_inputs(inputs, score)
        n = int(np.random.choice(self.block_nums))
        lam = float(np.random.beta(self.alpha, self.alpha))
        source_index = torch.randperm(inputs.size(0), device=inputs.device)
        mask, target, source = self.mix_parts(inputs, score, source_index, n, lam)
        share = upsample(mask, inputs.shape[-2:]).to(inputs.dtype)
        # Computed apart (the transported target may be ``inputs`` itself), then
        # written into the caller's batch: the in-place rule of the batch augments.
        inputs.copy_(share[:, None] * target + (1 - share[:, None]) * source)
        step = GuidedMixStep(lam=share.flatten(1).mean(1), source_index=source_index,
                             source_share=1 - share)
        return inputs, step.mix_targets(targets), step

    def mix_parts(self, inputs: torch.Tensor, score: torch.Tensor,
                  source_index: torch.Tensor, n: int, lam: float):
        """The target's share mask (on the transport grid) and the two transported
        images, for ``n`` blocks per side and prior share ``lam``."""
        height, width = inputs.shape[-2:]
        block = (height // n, width // n)
        cell = (min(self.neigh_size, block[0]), min(self.neigh_size, block[1]))
        saliency = block_saliency(score, (n, n))
        pixels = (inputs.float() * self.std.to(inputs.device)[:, None, None] +
                  self.mean.to(inputs.device)[:, None, None]) / 255
        terms = mask_energy_terms(saliency, saliency[source_index], pixels,
                                  pixels[source_index], (n, n), cell, lam,
                                  self.n_labels, self.beta, self.gamma, self.eta)
        levels = minimise_mask_energy(*terms)
        mask = levels.float() / (self.n_labels - 1)
        target, source = inputs, inputs[source_index]
        if not self.transport:
            return mask, target, source
        grid = self.transport_grid(inputs.shape[-2:], n)
        if grid != (n, n):
            mask = upsample(mask, grid)
            saliency = block_saliency(score, grid)
        iterations = max(grid)
        plans = (transport_plan(mask > 0, saliency, self.t_eps, iterations),
                 transport_plan(mask < 1, saliency[source_index], self.t_eps,
                                iterations))
        return (mask, transport_blocks(target, plans[0], grid),
                transport_blocks(source, plans[1], grid))

    def transport_grid(self, size: Tuple[int, int], n: int) -> Tuple[int, int]:
        """Transport cells per axis: the mask's ``n`` or ``size // t_size`` where
        ``t_size`` is smaller than the block side."""
        if self.t_size == -1:
            return (n, n)
        return tuple(s // self.t_size if self.t_size < s // n else n for s in size)

    def _check_inputs(self, inputs: torch.Tensor, score: Optional[torch.Tensor]):
        owner = type(self).__name__
        check_saliency_batch(owner, inputs, score)
        if inputs.size(1) != self.mean.numel():
            raise ValueError(
                f'{owner}: mean and std have {self.mean.numel()} channels, inputs '
                f'{inputs.size(1)}.')
        for n in self.block_nums:
            for size in inputs.shape[-2:]:
                block = size // n
                cells = [min(self.neigh_size, block)]
                if self.t_size != -1 and self.t_size < block:
                    cells.append(self.t_size)
                if size % n or block == 0 or any(block % c for c in cells):
                    raise ValueError(
                        f'{owner}: an input side of {size} pixels must split into '
                        f'block_nums={self.block_nums} equal blocks, each a '
                        f'multiple of min(neigh_size={self.neigh_size}, block) and, '
                        f'when smaller than the block, of t_size={self.t_size}.')
