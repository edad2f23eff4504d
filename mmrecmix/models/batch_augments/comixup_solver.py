r"""Co-Mixup's labelling (Kim et al., ICLR 2021, Sec. 3-4): the masks that assign
every block of ``m`` outputs to one of ``n`` inputs, by the authors' iterative
submodular minimisation with a modular approximation of the supermodular diversity
term. All partitions of a batch are solved together in torch; each output's
multi-label grid problem (gco's alpha-beta swap in the reference) by batched
iterated conditional modes from several starts. Used by
:class:`mmrecmix.models.batch_augments.CoMixup`."""
from typing import Optional

import torch
import torch.nn.functional as F

# The soft labels' unary offset (the reference's 5e-4: a half-half block is chosen
# over a pure one at equal cost) and the cost standing for a disabled label.
SOFT_BONUS = 5e-4
DISABLED = 1e6


def co_mixup_energy(cost: torch.Tensor, masks: torch.Tensor, beta: float,
                    gamma: float) -> torch.Tensor:
    r"""``(B,)`` objective of each partition's masks, without the threshold (the
    reference's ``obj_fn``, its stopping criterion):

    .. math::
        E = \sum_{i,b,j} c_{jb} z_{ibj} + \tfrac{\beta}{2} \sum_{i,b\sim b'}
        \|z_{ib} - z_{ib'}\|^2 + \gamma \big(\|\textstyle\sum_i o_i\|^2
        - \sum_i \|o_i\|^2\big), \qquad o_{ij} = \textstyle\sum_b z_{ibj}

    Args:
        cost (Tensor): ``(B, n, gh, gw)`` cost of showing input ``j`` at block
            ``b`` (minus its normalised saliency, plus the prior).
        masks (Tensor): ``(B, m, gh, gw, n)`` share of input ``j`` in block ``b``
            of output ``i``.
        beta, gamma (float): Smoothness and diversity weights (already divided by
            the block count, as the reference does).
    """
    unary = (cost.permute(0, 2, 3, 1)[:, None] * masks).flatten(1).sum(1)
    smooth = ((masks[:, :, 1:] - masks[:, :, :-1])**2).flatten(1).sum(1) + \
        ((masks[:, :, :, 1:] - masks[:, :, :, :-1])**2).flatten(1).sum(1)
    counts = masks.sum((2, 3))  # (B, m, n)
    diversity = counts.sum(1).pow(2).sum(1) - counts.pow(2).sum((1, 2))
    return unary + beta / 2 * smooth + gamma * diversity


def labelling_energy(unary: torch.Tensor, pairwise: torch.Tensor, beta: float,
                     labels: torch.Tensor) -> torch.Tensor:
    r"""``(B, K)`` energy :math:`\sum_p U_{p x_p} + \beta \sum_{p \sim q}
    P_{x_p x_q}` of ``(B, K, gh, gw)`` labellings of a 4-connected grid, for
    ``(B, gh, gw, L)`` unaries and ``(B, L, L)`` label costs (gco's
    ``cut_grid_graph`` energy with ``beta`` on every edge)."""
    data = unary[:, None].expand(-1, labels.size(1), -1, -1, -1).gather(
        -1, labels[..., None])[..., 0].flatten(2).sum(2)
    index = torch.arange(labels.size(0), device=labels.device)[:, None, None, None]
    vertical = pairwise[index, labels[:, :, :-1], labels[:, :, 1:]]
    horizontal = pairwise[index, labels[..., :-1], labels[..., 1:]]
    return data + beta * (vertical.flatten(2).sum(2) + horizontal.flatten(2).sum(2))


def minimise_labelling(unary: torch.Tensor, pairwise: torch.Tensor, beta: float,
                       max_sweeps: Optional[int] = None) -> torch.Tensor:
    r"""An approximate minimiser of :func:`labelling_energy` for each of ``B``
    problems: iterated conditional modes (a block takes the label minimising its
    unary plus ``beta`` times its label costs to its neighbours' labels, the blocks
    of one checkerboard colour at a time, a label changing only on a strict
    decrease) from ``1 + L`` starts (the unaries' argmin and each constant
    labelling), keeping the lowest energy.

    Where it differs from gco's alpha-beta swap (the reference): ICM moves one
    block at a time, so it stops at a local minimum that a swap move (relabelling
    a whole region between two labels) would leave. The constant starts cover the
    swap's most frequent outcome with a strong ``beta`` (one or few labels per
    output). Measured against brute force on 100 random 3x3 grids with 4 labels
    (unaries uniform in [0, 1], Potts costs): the optimum in 100 %, 92.5 %, 97.5 %
    and 100 % of them for ``beta`` 0.05, 0.2, 0.5 and 1, at most 5.4 % above it
    (tests/test_models/test_batch_augments/test_comixup.py checks 3 labels). Run
    inside :func:`co_mixup_masks` with the same random draws, it ended on the very
    masks of the reference's loop with exact per-output cuts in all of 120 small
    cases (3 or 4 inputs, 2x2 or 2x3 blocks), which the tests also check.

    Args:
        unary (Tensor): ``(B, gh, gw, L)``.
        pairwise (Tensor): ``(B, L, L)`` symmetric label costs, 0 on the diagonal.
        beta (float): Weight of every grid edge.
        max_sweeps (int, optional): Cap on the sweeps. Default ``gh * gw + 1``.

    Returns:
        Tensor: ``(B, gh, gw)`` labels.
    """
    b, gh, gw, n_labels = unary.shape
    device = unary.device
    starts = torch.cat([
        unary.argmin(-1)[:, None],
        torch.arange(n_labels, device=device)[None, :, None, None].expand(
            b, n_labels, gh, gw)], 1)
    labels = starts.clone()
    rows = torch.arange(gh, device=device)[:, None]
    cols = torch.arange(gw, device=device)[None]
    colours = ((rows + cols) % 2 == 0, (rows + cols) % 2 == 1)
    for _ in range(max_sweeps or gh * gw + 1):
        changed = False
        for colour in colours:
            label_cost = torch.einsum('bkhwl,blm->bkhwm',
                                      F.one_hot(labels, n_labels).to(unary.dtype),
                                      pairwise)
            neighbours = torch.zeros_like(label_cost)
            neighbours[:, :, 1:] += label_cost[:, :, :-1]
            neighbours[:, :, :-1] += label_cost[:, :, 1:]
            neighbours[:, :, :, 1:] += label_cost[:, :, :, :-1]
            neighbours[:, :, :, :-1] += label_cost[:, :, :, 1:]
            local = unary[:, None] + beta * neighbours
            best, choice = local.min(-1)
            current = local.gather(-1, labels[..., None])[..., 0]
            move = colour & (best < current - 1e-9 * current.abs().clamp_min(1))
            changed = changed or bool(move.any())
            labels = torch.where(move, choice, labels)
        if not changed:
            break
    energy = labelling_energy(unary, pairwise, beta, labels)
    return labels.gather(1, energy.argmin(1)[:, None, None, None].expand(
        -1, 1, gh, gw))[:, 0]


def output_masks(unary: torch.Tensor, counts: torch.Tensor, beta: float,
                 soft: bool) -> torch.Tensor:
    r"""One output's new mask in each partition: the labelling of the block grid
    over the ``n`` inputs minimising ``unary`` plus ``beta`` per cut (gco's Potts
    grid in the reference's ``graphcut_wrapper``).

    With ``soft`` (every outer iteration after the first), an output whose current
    mask shows two inputs may also label a block half-half between them, and one
    showing three or more may label a block half-half between any two of its three
    largest: each such label has the two inputs' mean unary minus 5e-4, and costs
    0.25 (not 1) next to a block of either of its inputs.

    Args:
        unary (Tensor): ``(B, gh, gw, n)`` cost of each input at each block.
        counts (Tensor): ``(B, n)`` the output's current block count per input.
        beta (float): Cost of a cut.
        soft (bool): Allow the half-half labels.

    Returns:
        Tensor: ``(B, gh, gw, n)`` share of each input in each block.
    """
    b, gh, gw, n = unary.shape
    device, dtype = unary.device, unary.dtype
    halves = torch.zeros(b, 3, n, dtype=dtype, device=device)  # soft labels' mix
    enabled = torch.zeros(b, 3, dtype=torch.bool, device=device)
    if soft and n >= 2:
        shown = (counts > 0).sum(1)
        pairs = torch.tensor([[0, 1], [0, 2], [1, 2]], device=device)[:3 if n >= 3 else 1]
        # The two shown inputs, or the three most shown, in the order of their index.
        two = counts.topk(2, dim=1).indices.sort(1).values
        members = two[:, None].expand(-1, pairs.size(0), -1)
        if n >= 3:
            three = counts.topk(3, dim=1).indices.sort(1).values
            members = torch.where((shown >= 3)[:, None, None], three[:, pairs], members)
        used = ((shown == 2)[:, None] & (torch.arange(pairs.size(0), device=device) == 0)
                ) | (shown >= 3)[:, None]
        enabled[:, :pairs.size(0)] = used
        halves[:, :pairs.size(0)].scatter_(2, members, 0.5)
        halves *= enabled[..., None]
    extra = torch.einsum('bhwn,bpn->bhwp', unary, halves) - SOFT_BONUS
    extra = torch.where(enabled[:, None, None], extra, torch.full_like(extra, DISABLED))
    pairwise = 1 - torch.eye(n + 3, dtype=dtype, device=device).expand(b, -1, -1).clone()
    touching = torch.where(halves > 0, 0.25, 1.0).to(dtype)  # (B, 3, n)
    pairwise[:, n:, :n] = touching
    pairwise[:, :n, n:] = touching.transpose(1, 2)
    labels = minimise_labelling(torch.cat([unary, extra], -1), pairwise, beta)
    onehot = F.one_hot(labels, n + 3).to(dtype)
    return onehot[..., :n] + torch.einsum('bhwp,bpn->bhwn', onehot[..., n:], halves)


def resolve_cost(shown: torch.Tensor) -> torch.Tensor:
    """The reference's ``resolve_label``: for outputs ``i1 < i2`` of a partition
    that show the same set of two or more inputs, a unit extra cost on the first
    input of the set for ``i1`` and on the second for ``i2``, so that they part.

    Args:
        shown (Tensor): ``(B, m, n)`` bool, the inputs each output shows.

    Returns:
        Tensor: ``(B, m, n)`` extra cost (times ``gamma`` in the unary).
    """
    shown = shown.float()
    same = (shown[:, :, None] - shown[:, None]).abs().sum(-1) == 0
    later = torch.triu(same, diagonal=1)
    several = shown.sum(-1) > 1
    first = shown.argmax(-1)
    second = shown.scatter(-1, first[..., None], 0).argmax(-1)
    cost = torch.zeros_like(shown)
    cost.scatter_(-1, first[..., None], (later.any(2) & several).float()[..., None])
    return cost.scatter_add(-1, second[..., None],
                            (later.any(1) & several).float()[..., None]).clamp_max(1)


def co_mixup_masks(cost: torch.Tensor, compatibility: torch.Tensor, beta: float,
                   gamma: float, eta: float, alpha: float, thresh: float,
                   thresh_type: str = 'hard', set_resolve: bool = True,
                   n_iter: int = 4) -> torch.Tensor:
    r"""The reference's ``get_onehot_matrix`` for ``B`` partitions of ``n`` inputs
    and ``n`` outputs at once: minimise

    .. math::
        \sum_{i,b,j} (c_{jb} - \eta' \log \pi_j) z_{ibj}
        + \beta' \sum_i \#\mathrm{cuts}(z_i)
        + \gamma' \sum_{i \ne i'} o_i^\top A\, o_{i'}

    (``c`` minus the normalised block saliency, :math:`\pi \sim
    \mathrm{Dir}(\alpha)` a prior over inputs, :math:`o_i` output ``i``'s block
    counts, ``A`` the compatibility; primes: divided by the block count) by
    coordinate descent over the outputs: output ``i`` is relabelled with the
    diversity term replaced by its modular bound, the unary
    :math:`2\gamma' [A p > \tau] \odot A p` (``hard``) or
    :math:`2\gamma' [A p > \tau] \odot (A p - \tau)` (``soft``) with ``p`` the
    other outputs' counts and :math:`\tau` = ``thresh`` times the block count.
    Random initial labels; ``n_iter`` outer rounds, stopping a partition when its
    energy (:func:`co_mixup_energy`) changes by less than 1e-6 relative; with
    ``set_resolve`` the round before the last adds :func:`resolve_cost`.

    Args:
        cost (Tensor): ``(B, n, gh, gw)`` minus the normalised block saliency.
        compatibility (Tensor): ``(B, n, n)`` the matrix ``A``.
        beta, gamma, eta (float): Smoothness, diversity and prior weights.
        alpha (float): Dirichlet parameter of the prior.
        thresh (float): :math:`\tau` as a share of the blocks.
        thresh_type (str): ``'hard'`` or ``'soft'``.
        set_resolve (bool): Part outputs showing the same inputs.
        n_iter (int): Outer rounds.

    Returns:
        Tensor: ``(B, n, gh, gw, n)`` share of input ``j`` in block ``b`` of output
        ``i``.
    """
    b, n, gh, gw = cost.shape
    blocks = gh * gw
    thresh, beta, gamma, eta = thresh * blocks, beta / blocks, gamma / blocks, \
        eta / blocks
    prior = torch.distributions.Dirichlet(
        torch.full((b, n), float(alpha), device=cost.device)).sample()
    cost = cost.float() - eta * torch.log(prior + 1e-8)[..., None, None]
    masks = F.one_hot(torch.randint(0, n, (b, n, gh, gw), device=cost.device),
                      n).float()
    energy = co_mixup_energy(cost, masks, beta, gamma)
    active = torch.ones(b, dtype=torch.bool, device=cost.device)
    extra = None
    unary_base = cost.permute(0, 2, 3, 1)  # (B, gh, gw, n)
    for round_ in range(n_iter):
        for i in range(n):
            total = masks.sum((1, 2, 3))  # (B, n) blocks per input over all outputs
            own = masks[:, i].sum((1, 2))
            spread = torch.einsum('bjk,bk->bj', compatibility, total - own)
            over = spread > thresh
            if thresh_type == 'hard':
                modular = 2 * gamma * over * spread
            else:
                modular = 2 * gamma * over * (spread - thresh)
            unary = unary_base + modular[:, None, None]
            if extra is not None:
                unary = unary + gamma * extra[:, i][:, None, None]
            new = output_masks(unary, own, beta, soft=round_ > 0)
            masks[:, i] = torch.where(active[:, None, None, None], new, masks[:, i])
        if round_ == n_iter - 2 and set_resolve:
            extra = resolve_cost(masks.sum((2, 3)) > 0)
        current = co_mixup_energy(cost, masks, beta, gamma)
        active = active & ~((energy - current).abs() / current.abs() < 1e-6)
        energy = current
        if not active.any():
            break
    return masks
