"""Co-Mixup: the per-output labelling against brute force, the whole solver against
the reference's loop with exact cuts, the soft (half-half) labels, the set
resolution, the objective on a hand-worked case, the one-hot saliency mix on a
non-square batch (images, labels, masks), the diversity term, the step's label
shares, argument checks and real Runner training."""
import itertools
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from conftest import tiny_digits_run

import mmrecmix.models.batch_augments.comixup_solver as cs
from mmrecmix.models.batch_augments.comixup import (CoMixup, compatibility_matrix,
                                                    mix_blocks, salient_distance)
from mmrecmix.models.batch_augments.guided_step import GuidedMixStep
from mmrecmix.registry import BATCH_AUGMENTS


def potts(batch: int, labels: int) -> torch.Tensor:
    return (1 - torch.eye(labels)).expand(batch, labels, labels)


# ----------------------------------------------------------------------------------
# The solver
# ----------------------------------------------------------------------------------
@pytest.mark.parametrize('beta', [0.05, 0.2, 0.5, 1.0])
def test_labelling_is_near_the_brute_force_optimum(beta):
    # 100 random 3 x 3 grids with 3 labels (19683 labellings each): ours equals
    # the optimum in at least 90 % of them and is never 6 % above it.
    torch.manual_seed(0)
    unary = torch.rand(100, 3, 3, 3)
    pairwise = potts(100, 3)
    ours = cs.labelling_energy(unary, pairwise, beta,
                               cs.minimise_labelling(unary, pairwise, beta)[:, None])
    every = torch.tensor(list(itertools.product(range(3), repeat=9))).reshape(-1, 3, 3)
    best = torch.stack([
        cs.labelling_energy(unary[i:i + 1], pairwise[i:i + 1], beta, every[None]).min()
        for i in range(100)])
    gap = ours[:, 0] - best
    assert (gap > -1e-6).all()
    assert (gap < 1e-6).float().mean() >= 0.9
    assert (gap / best).max() < 0.06


def exact_output(unary, count, beta, soft):
    """One output's labelling as the reference's graphcut_wrapper sets it up (pure
    labels, then the half-half ones), solved exactly by enumeration; unary (gh, gw, n)."""
    gh, gw, n = unary.shape
    halves = []
    if soft:
        shown = int((count > 0).sum())
        if shown == 2:
            a, b = sorted(count.topk(2).indices.tolist())
            halves = [(a, b)]
        elif shown >= 3:
            a, b, c = sorted(count.topk(3).indices.tolist())
            halves = [(a, b), (a, c), (b, c)]
    mixes = torch.cat([torch.eye(n), torch.zeros(len(halves), n)])
    for k, (a, b) in enumerate(halves):
        mixes[n + k, a] = mixes[n + k, b] = 0.5
    labels = n + len(halves)
    ext = unary @ mixes.T
    ext[..., n:] -= 5e-4
    pair = 1 - torch.eye(labels)
    for k, (a, b) in enumerate(halves):
        for m in (a, b):
            pair[n + k, m] = pair[m, n + k] = 0.25
    every = torch.tensor(list(itertools.product(range(labels), repeat=gh * gw))).reshape(
        -1, gh, gw)
    energy = cs.labelling_energy(ext[None], pair[None], beta, every[None])[0]
    best = every[energy.argmin()]
    return mixes[best]


def reference_masks(cost, A, beta, gamma, eta, alpha, thresh, set_resolve=True,
                    n_iter=4):
    """The reference's get_onehot_matrix loop, one output at a time, with the exact
    labelling of exact_output in place of gco's swap (same random draws in the same
    order as co_mixup_masks for one partition)."""
    n, gh, gw = cost.shape
    blocks = gh * gw
    thresh, beta, gamma = thresh * blocks, beta / blocks, gamma / blocks
    eta = eta / blocks
    prior = torch.distributions.Dirichlet(torch.full((1, n), float(alpha))).sample()[0]
    cost = cost - eta * torch.log(prior + 1e-8)[:, None, None]
    masks = F.one_hot(torch.randint(0, n, (1, n, gh, gw))[0], n).float()
    prev = cs.co_mixup_energy(cost[None], masks[None], beta, gamma)[0]
    extra = None
    for r in range(n_iter):
        for i in range(n):
            count = masks[i].sum((0, 1))
            others = masks.sum((0, 1, 2)) - count
            spread = A @ others
            unary = cost.permute(1, 2, 0) + 2 * gamma * (spread > thresh) * spread
            if extra is not None:
                unary = unary + gamma * extra[i]
            masks[i] = exact_output(unary, count, beta, r > 0)
        if r == n_iter - 2 and set_resolve:
            shown = (masks.sum((1, 2)) > 0).float()
            extra = torch.zeros_like(shown)
            for i1 in range(n):
                for i2 in range(i1 + 1, n):
                    if torch.equal(shown[i1], shown[i2]) and shown[i1].sum() > 1:
                        nz = shown[i1].nonzero()[:, 0]
                        extra[i1, nz[0]] = 1
                        extra[i2, nz[1]] = 1
        loss = cs.co_mixup_energy(cost[None], masks[None], beta, gamma)[0]
        if (prev - loss).abs() / loss.abs() < 1e-6:
            break
        prev = loss
    return masks


@pytest.mark.parametrize('n, grid, seeds', [(3, (2, 2), 20), (4, (2, 2), 10), (3, (2, 3), 5)])
def test_solver_reproduces_the_reference_loop_with_exact_cuts(n, grid, seeds):
    # With the same draws, our batched solver (ICM per output) ends on the very masks
    # of the reference's loop run with exact per-output cuts (measured: 60 / 60,
    # 40 / 40 and 20 / 20 cases), on random saliency and compatibility.
    for seed in range(seeds):
        torch.manual_seed(2000 + seed)
        saliency = torch.rand(n, *grid)**4
        saliency = saliency / saliency.flatten(1).sum(1)[:, None, None]
        distance = torch.rand(n, n)
        distance = (distance + distance.T) * (1 - torch.eye(n))
        a = compatibility_matrix(distance[None], 0.001)[0]
        args = (0.32, 1.0, 0.05, 2.0, 0.83)
        torch.manual_seed(seed)
        ours = cs.co_mixup_masks(-saliency[None], a[None], *args)[0]
        torch.manual_seed(seed)
        reference = reference_masks(-saliency, a, *args)
        torch.testing.assert_close(ours, reference, rtol=0, atol=0)


def test_labelling_energy_is_hand_computed():
    # 1 x 3 grid, labels (0, 1, 1): unaries 0.1 + 0.5 + 0.6, one cut of cost 0.25.
    unary = torch.tensor([[[[0.1, 0.9], [0.3, 0.5], [0.2, 0.6]]]])
    pairwise = torch.tensor([[[0.0, 0.25], [0.25, 0.0]]])
    labels = torch.tensor([[[[0, 1, 1]]]])
    energy = cs.labelling_energy(unary, pairwise, 2.0, labels)
    assert energy.item() == pytest.approx(0.1 + 0.5 + 0.6 + 2.0 * 0.25)


def test_soft_labels_take_half_of_two_equal_inputs():
    # Inputs 0 and 1 cost 0 everywhere, input 2 costs 1. An output showing inputs 0
    # and 1 takes them half-half (their mean minus 5e-4) once soft labels are on;
    # without, all blocks show input 0 (the first minimum).
    unary = torch.tensor([0.0, 0.0, 1.0]).expand(1, 2, 2, 3)
    counts = torch.tensor([[2.0, 2.0, 0.0]])
    soft = cs.output_masks(unary, counts, 0.1, soft=True)
    hard = cs.output_masks(unary, counts, 0.1, soft=False)
    torch.testing.assert_close(soft, torch.tensor([0.5, 0.5, 0.0]).expand(1, 2, 2, 3))
    torch.testing.assert_close(hard, torch.tensor([1.0, 0.0, 0.0]).expand(1, 2, 2, 3))


def test_soft_labels_of_three_pair_the_three_most_shown():
    # Counts (1, 0, 3, 2): the soft labels pair inputs 0, 2 and 3; the halves of
    # (2, 3) are cheapest (inputs 2 and 3 cost -1, the rest 0).
    unary = torch.tensor([0.0, 0.0, -1.0, -1.0]).expand(1, 1, 2, 4)
    masks = cs.output_masks(unary, torch.tensor([[1.0, 0.0, 3.0, 2.0]]), 0.1,
                            soft=True)
    torch.testing.assert_close(masks, torch.tensor([0, 0, 0.5, 0.5]).expand(1, 1, 2, 4))
    # Only input 1's counts are 0 and it is not in any soft label: with its cost
    # lowest it is shown pure.
    unary = torch.tensor([0.0, -3.0, -1.0, -1.0]).expand(1, 1, 2, 4)
    masks = cs.output_masks(unary, torch.tensor([[1.0, 0.0, 3.0, 2.0]]), 0.1,
                            soft=True)
    torch.testing.assert_close(masks, torch.tensor([0, 1.0, 0, 0]).expand(1, 1, 2, 4))


def test_resolve_cost_parts_outputs_showing_the_same_inputs():
    shown = torch.tensor([[[1, 1, 0], [1, 1, 0], [0, 0, 1], [0, 0, 1]]]).bool()
    # Outputs 0 and 1 show {0, 1}: the first gets a cost on input 0, the second on
    # input 1; outputs 2 and 3 show one input each: nothing.
    expected = torch.tensor([[[1.0, 0, 0], [0, 1, 0], [0, 0, 0], [0, 0, 0]]])
    torch.testing.assert_close(cs.resolve_cost(shown), expected)


def test_objective_is_hand_computed():
    # One partition, 2 inputs, 2 outputs, 1 x 2 grid. Output 0 shows (0, 1), output 1
    # shows (0, 0). Unary: c[0] = (-1, -2), c[1] = (-3, -4) -> -1 - 4 - 1 - 2 = -8;
    # one cut in output 0: beta / 2 * 2; counts o_0 = (1, 1), o_1 = (2, 0):
    # gamma * (|(3, 1)|^2 - |(1, 1)|^2 - |(2, 0)|^2) = gamma * (10 - 2 - 4).
    cost = torch.tensor([[[[-1.0, -2.0]], [[-3.0, -4.0]]]])
    masks = torch.nn.functional.one_hot(torch.tensor([[[[0, 1]], [[0, 0]]]]), 2).float()
    energy = cs.co_mixup_energy(cost, masks, beta=0.5, gamma=0.25)
    assert energy.item() == pytest.approx(-8 + 0.5 + 0.25 * 4)


def test_diversity_separates_outputs_of_equal_inputs():
    # Two equally salient inputs on one block: without the diversity term both
    # outputs show input 0 (the first minimum), with it they show different inputs.
    cost = torch.full((1, 2, 1, 1), -1.0)
    eye = torch.eye(2)[None]
    args = dict(beta=0.0, eta=0.0, alpha=2.0, thresh=0.0, set_resolve=False)
    for seed in range(5):
        torch.manual_seed(seed)
        same = cs.co_mixup_masks(cost, eye, gamma=0.0, **args)[0, :, 0, 0]
        torch.manual_seed(seed)
        apart = cs.co_mixup_masks(cost, eye, gamma=1.0, **args)[0, :, 0, 0]
        torch.testing.assert_close(same, torch.tensor([[1.0, 0.0], [1.0, 0.0]]))
        assert apart.sum(0).tolist() == [1.0, 1.0]  # a permutation


# ----------------------------------------------------------------------------------
# The mix
# ----------------------------------------------------------------------------------
def test_one_hot_saliency_mix_on_a_non_square_batch():
    # Two 32 x 48 inputs on a 2 x 2 grid of 16 x 24 blocks; input 0 is salient only
    # in the top-left block, input 1 only in the bottom-right. Without diversity and
    # prior, each output keeps both salient blocks and takes the two other blocks
    # half-half (a half block next to a pure one is a quarter cut): masks
    # [[z0, h], [h, z1]], images the masked sums, labels (0.5, 0.5) of the classes.
    torch.manual_seed(0)
    inputs = torch.randn(2, 3, 32, 48)
    targets = torch.tensor([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    score = torch.zeros(2, 32, 48)
    score[0, :16, :24] = 1
    score[1, 16:, 24:] = 1
    mix = CoMixup(block_num=2, gamma=0.0, eta=0.0, set_resolve=False)
    mixed, mixed_targets, step = mix(inputs.clone(), targets, score)
    half = 0.5 * (inputs[0] + inputs[1])
    expected = half.clone()
    expected[:, :16, :24] = inputs[0, :, :16, :24]
    expected[:, 16:, 24:] = inputs[1, :, 16:, 24:]
    torch.testing.assert_close(mixed, expected.expand(2, -1, -1, -1))
    torch.testing.assert_close(mixed_targets, torch.tensor([[0.5, 0.0, 0.5]] * 2))
    torch.testing.assert_close(mixed_targets.sum(1), torch.ones(2))
    torch.testing.assert_close(step.input_shares, torch.full((2, 2), 0.5))
    # The step's summary: output b's share of input b, the other input, and the
    # share of the other inputs at each pixel (0 where b is shown pure).
    torch.testing.assert_close(step.lam, torch.tensor([0.5, 0.5]))
    assert step.source_index.tolist() == [1, 0]
    torch.testing.assert_close(step.source_share[0, :16, :24], torch.zeros(16, 24))
    torch.testing.assert_close(step.source_share[0, 16:, 24:], torch.ones(16, 24))
    torch.testing.assert_close(step.source_share[0, :16, 24:], torch.full((16, 24), .5))


def test_images_are_masked_sums_and_labels_the_mask_share():
    # Defaults on a batch of 12 with partitions of 5 (5 + 5 + 2): each output's
    # blocks are shares of its own partition's inputs summing to 1, its image is
    # sum_j z_j x_j, its label the mean share of each input's class (rows sum to 1).
    torch.manual_seed(1)
    inputs = torch.randn(12, 3, 16, 32)
    targets = torch.eye(6)[torch.arange(12) % 6]
    score = torch.rand(12, 16, 32) ** 8
    mix = CoMixup(part=5)
    z = mix.masks(score, 4)
    assert z.shape == (12, 4, 4, 12)
    torch.testing.assert_close(z.sum(-1), torch.ones(12, 4, 4))
    partition = torch.arange(12) // 5
    assert (z.sum((1, 2))[partition[:, None] != partition[None]] == 0).all()
    assert ((z * 2).round() == z * 2).all()  # whole or half blocks
    pixels = z.repeat_interleave(4, 1).repeat_interleave(8, 2)  # (12, 16, 32, 12)
    by_hand = torch.einsum('mhwn,nchw->mchw', pixels, inputs)
    torch.testing.assert_close(mix_blocks(z, inputs), by_hand)
    mixed, mixed_targets, step = mix(inputs.clone(), targets, score)
    assert mixed.shape == inputs.shape
    torch.testing.assert_close(step.input_shares.sum(1), torch.ones(12))
    torch.testing.assert_close(mixed_targets, step.input_shares @ targets)
    torch.testing.assert_close(mixed_targets.sum(1), torch.ones(12))
    assert ((step.input_shares * 32).round() == step.input_shares * 32).all()


def test_salient_distance_and_compatibility():
    # Most salient 2 x 2 windows at (0, 0), (1, 3) and (3, 1): L1 distances.
    score = torch.zeros(3, 5, 5)
    score[0, 0:2, 0:2] = 1
    score[1, 1:3, 3:5] = 1
    score[2, 3:5, 1:3] = 1
    distance = salient_distance(score, window=2)
    torch.testing.assert_close(distance, torch.tensor(
        [[0.0, 4.0, 4.0], [4.0, 0.0, 4.0], [4.0, 4.0, 0.0]]))
    a = compatibility_matrix(distance[None], 0.1)[0]
    # n D / sum D = 3 * 4 / 24 = 0.5 off the diagonal.
    torch.testing.assert_close(a, 0.9 * torch.eye(3) + 0.1 * 0.5 * (1 - torch.eye(3)))
    torch.testing.assert_close(compatibility_matrix(torch.zeros(1, 2, 2), 0.1)[0],
                               0.9 * torch.eye(2))


def test_step_mixes_logits_by_the_shares():
    shares = torch.tensor([[0.25, 0.75], [1.0, 0.0]])
    step = GuidedMixStep(lam=torch.tensor([0.25, 0.0]), source_index=torch.tensor([1, 0]),
                         input_shares=shares)
    logits = torch.tensor([[2.0, 0.0], [0.0, 4.0]])
    torch.testing.assert_close(step.mix_targets(logits),
                               torch.tensor([[0.5, 3.0], [2.0, 0.0]]))


def test_mix_is_built_from_the_registry_with_the_authors_defaults():
    mix = BATCH_AUGMENTS.build(dict(type='mmrecmix.CoMixup'))
    assert isinstance(mix, CoMixup)
    assert (mix.block_num, mix.part, mix.beta, mix.gamma, mix.thresh, mix.thresh_type,
            mix.eta, mix.alpha, mix.omega, mix.set_resolve, mix.n_iter) == (
                4, 20, 0.32, 1.0, 0.83, 'hard', 0.05, 2.0, 0.001, True, 4)


def test_random_block_count_draws_powers_of_two():
    np.random.seed(0)
    mix = CoMixup(block_num=-1, part=4, n_iter=2)
    seen, masks = [], mix.masks
    mix.masks = lambda score, n: seen.append(n) or masks(score, n)
    inputs, score = torch.randn(4, 1, 16, 16), torch.rand(4, 16, 16)
    for _ in range(8):
        mixed, _, _ = mix(inputs, torch.eye(4), score)
        assert mixed.shape == inputs.shape
    assert set(seen) <= {2, 4, 8, 16} and len(set(seen)) >= 3


@pytest.mark.parametrize('kwargs, name', [
    (dict(block_num=0), 'block_num'), (dict(part=0), 'part'), (dict(beta=-1), 'beta'),
    (dict(alpha=0), 'alpha'), (dict(omega=2), 'omega'), (dict(n_iter=0), 'n_iter'),
    (dict(thresh_type='x'), 'thresh_type'), (dict(set_resolve=1), 'set_resolve')])
def test_bad_arguments_name_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=name):
        CoMixup(**kwargs)


def test_bad_inputs_say_what_is_expected():
    mix = CoMixup(block_num=4)
    with pytest.raises(ValueError, match='InputGradientGuide'):
        mix(torch.randn(2, 3, 8, 8), torch.eye(2), None)
    with pytest.raises(ValueError, match='equal blocks'):
        mix(torch.randn(2, 3, 8, 10), torch.eye(2), torch.rand(2, 8, 10))


# ----------------------------------------------------------------------------------
# Training
# ----------------------------------------------------------------------------------
COMIXUP_MODEL = dict(
    _delete_=True, type='mmrecmix.GuidedMixClassifier', train_cfg=None,
    backbone=dict(type='ResNet_CIFAR', depth=18, out_indices=(3, )),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(type='LinearClsHead', num_classes=10, in_channels=512),
    mix=dict(type='mmrecmix.CoMixup', part=8),
    guide=dict(type='mmrecmix.InputGradientGuide', clean_loss_weight=2.0))


def test_runner_trains_a_resnet_with_comixup_on_non_square_digits(tmp_path):
    # mmpretrain's Resize scale is (w, h): 16 high x 32 wide images.
    np.random.seed(0)
    runner = tiny_digits_run(tmp_path, COMIXUP_MODEL, train_size=32, pipeline=[
        dict(type='Resize', scale=(32, 16), interpolation='bilinear'),
        dict(type='PackInputs')])
    losses = runner.message_hub.get_scalar('train/loss').data[0]
    assert len(losses) == 2 and all(math.isfinite(v) for v in losses)
    assert isinstance(runner.model.mix, CoMixup)
    # The authors' clean-input term is logged and part of the total.
    clean = runner.message_hub.get_scalar('train/loss_clean').data[0]
    mixed = runner.message_hub.get_scalar('train/loss_cls').data[0]
    assert len(clean) == 2 and all(0 < value < total for value, total in zip(clean, losses))
    assert list(losses) == pytest.approx([c + m for c, m in zip(clean, mixed)])


def test_batch_mean_label_weighting_is_refused(tmp_path):
    model = dict(COMIXUP_MODEL, label_weighting='batch_mean')
    with pytest.raises(ValueError, match='per_sample'):
        tiny_digits_run(tmp_path, model, train_size=16)


@pytest.mark.distributed
def test_two_ranks_train_on_the_clean_and_the_mixed_batch(tmp_path):
    """DDP through tools/dist_train.sh: the parameters take gradients from both
    forwards of a step (the clean pass's loss_clean and the mixed batch's), which
    DDP reduces once per step (a second reduction would stop the run)."""
    import glob
    import json

    from conftest import DEMO_CONFIG, two_rank_digits_run
    config = tmp_path / 'comixup_ddp.py'
    config.write_text(
        f'_base_ = [{DEMO_CONFIG!r}]\n'
        "model = dict(type='mmrecmix.GuidedMixClassifier', train_cfg=None,\n"
        "             mix=dict(type='mmrecmix.CoMixup', part=4),\n"
        "             guide=dict(type='mmrecmix.InputGradientGuide', clean_loss_weight=2.0))\n")
    two_rank_digits_run(config, tmp_path)
    log, = glob.glob(str(tmp_path / '*' / 'vis_data' / 'scalars.json'))
    with open(log) as f:
        steps = [json.loads(line) for line in f if '"loss_clean"' in line]
    assert steps and all(0 < s['loss_clean'] < s['loss'] for s in steps)
    state = torch.load(str(tmp_path / 'epoch_1.pth'), map_location='cpu')['state_dict']
    assert all(torch.isfinite(v).all() for v in state.values() if v.is_floating_point())
