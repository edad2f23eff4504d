"""PuzzleMix: its mask energy against the paper's, the solver against brute force, the
transport on a hand-worked case, the planted-saliency mix, the input-gradient guide
against a hand-computed gradient, argument checks and real Runner training."""
import glob
import itertools
import math
import os.path as osp

import numpy as np
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
from conftest import REPO_ROOT, tiny_digits_run
from mmengine.config import Config
from mmpretrain.models import ImageClassifier

import mmrecmix.models.batch_augments.puzzlemix as pm
from mmrecmix.models.batch_augments.puzzlemix import PuzzleMix
from mmrecmix.models.guides.input_gradient_guide import InputGradientGuide
from mmrecmix.registry import BATCH_AUGMENTS, MODELS


def all_labelings(levels: int, grid):
    """Every ``(L^(gh gw), gh, gw)`` labelling of a small grid."""
    cells = grid[0] * grid[1]
    return torch.tensor(list(itertools.product(range(levels), repeat=cells))).reshape(
        -1, *grid)


def energies_of(labelings, unary, vertical, horizontal, sample):
    count = len(labelings)
    return pm.grid_energy(labelings, unary[sample:sample + 1].expand(count, -1, -1, -1),
                          vertical[sample:sample + 1].expand(count, -1, -1),
                          horizontal[sample:sample + 1].expand(count, -1, -1))


# ----------------------------------------------------------------------------------
# The energy and its minimiser
# ----------------------------------------------------------------------------------
def test_energy_is_the_papers_up_to_a_constant():
    # Binary masks on a 2 x 3 grid of 4 x 4 blocks (8 x 12 images): the terms' energy
    # minus the paper's (hidden saliency + prior + beta' per cut + beta' gamma times
    # the seam distance of the images meeting there) is the same for all 64 masks.
    torch.manual_seed(0)
    grid, cell, lam, beta, gamma, eta = (2, 3), (2, 2), 0.3, 1.2, 0.5, 0.2
    target, source = torch.rand(1, 3, 8, 12), torch.rand(1, 3, 8, 12)
    s_t, s_s = torch.rand(1, *grid), torch.rand(1, *grid)
    unary, vertical, horizontal = pm.mask_energy_terms(
        s_t, s_s, target, source, grid, cell, lam, 2, beta, gamma, eta)
    b = beta / 3 / 16  # beta / (16 n), n = 3 blocks on the longer side
    pooled = {1: F.avg_pool2d(target, 2)[0], 0: F.avg_pool2d(source, 2)[0]}  # (3,4,6)

    def paper_energy(mask):  # mask[r, c] = 1: the target shown
        energy = 0.0
        for r, c in itertools.product(range(2), range(3)):
            shown = int(mask[r, c])
            energy += float(s_s[0, r, c] if shown else s_t[0, r, c])
            energy += eta / 6 * -math.log((lam if shown else 1 - lam) + 1e-8)
        for r, c in itertools.product(range(2), range(3)):
            x = int(mask[r, c])
            if r + 1 < 2:  # seam below: last pooled row of block r vs first of r+1
                y = int(mask[r + 1, c])
                d = (pooled[x][:, 2 * r + 1, 2 * c:2 * c + 2] -
                     pooled[y][:, 2 * r + 2, 2 * c:2 * c + 2]).abs().mean()
                energy += b * (x != y) + b * gamma * float(d)
            if c + 1 < 3:
                y = int(mask[r, c + 1])
                d = (pooled[x][:, 2 * r:2 * r + 2, 2 * c + 1] -
                     pooled[y][:, 2 * r:2 * r + 2, 2 * c + 2]).abs().mean()
                energy += b * (x != y) + b * gamma * float(d)
        return energy

    labelings = all_labelings(2, grid)
    ours = energies_of(labelings, unary, vertical, horizontal, 0)
    paper = torch.tensor([paper_energy(m) for m in labelings])
    offset = ours - paper
    assert offset.max() - offset.min() < 1e-5


def test_the_solver_reaches_the_brute_force_optimum_on_small_grids():
    torch.manual_seed(0)
    images, saliency = torch.rand(12, 3, 12, 12), torch.rand(12, 12, 12)**4
    source = torch.roll(torch.arange(12), 1)
    s = pm.block_saliency(saliency, (3, 3))
    # A strong cut cost (beta 10) so that the pairwise terms matter.
    terms = pm.mask_energy_terms(s, s[source], images, images[source], (3, 3),
                                 (4, 4), 0.4, 3, 10.0, 0.5, 0.2)
    found = pm.grid_energy(pm.minimise_mask_energy(*terms), *terms)
    labelings = all_labelings(3, (3, 3))
    best = torch.stack([energies_of(labelings, *terms, i).min() for i in range(12)])
    torch.testing.assert_close(found, best, rtol=1e-6, atol=1e-7)


def test_coordinate_descent_never_raises_the_energy():
    torch.manual_seed(1)
    unary = torch.rand(6, 4, 5, 3)
    vertical, horizontal = torch.rand(6, 3, 5), torch.rand(6, 4, 4)
    start = torch.randint(0, 3, (6, 4, 5))
    polished = pm.coordinate_descent(start, unary, vertical, horizontal, sweeps=20)
    before = pm.grid_energy(start, unary, vertical, horizontal)
    after = pm.grid_energy(polished, unary, vertical, horizontal)
    assert (after <= before + 1e-6).all() and (after < before).any()


def test_level_prior_is_the_binomial_of_lambda():
    prior = pm.level_prior(0.3, 3)
    expected = -torch.log(torch.tensor([0.7**2, 2 * 0.3 * 0.7, 0.3**2]) + 1e-8)
    torch.testing.assert_close(prior, expected)


# ----------------------------------------------------------------------------------
# Transport
# ----------------------------------------------------------------------------------
def test_transport_moves_the_salient_block_to_where_the_image_shows():
    # 2 x 2 blocks, only position 3 (bottom right) shows the image; block 0 holds most
    # of the saliency. Cost eps * C - s_i z_j with eps 0.1, C = squared distance.
    # Round 1: blocks 0 and 3 bid for position 3 (costs 0.2 - 0.7 = -0.5 and -0.2)
    # and block 0 wins it; blocks 1 and 2 bid for their own hidden place at cost 0,
    # which the reference's contest (the minimum of plan * cost over blocks, first
    # index on ties) gives to block 0, a non-bidder: to no one. Round 2: blocks 1, 2,
    # 3 bid 0.05, 0.05 (for 3) and 0.1 (for 1, after paying 0.8 at 3) and lose again.
    visible = torch.tensor([[[False, False], [False, True]]])
    saliency = torch.tensor([[[0.7, 0.05], [0.05, 0.2]]])
    destination = pm.transport_plan(visible, saliency, eps=0.1, iterations=2)
    assert destination.tolist() == [[3, -1, -1, -1]]
    # Everything visible: each block wins its own place (cost -s_i < 0).
    stay = pm.transport_plan(torch.ones(1, 2, 2, dtype=torch.bool), saliency, 0.1, 2)
    assert stay.tolist() == [[0, 1, 2, 3]]


def reference_rounds(cost, iterations):
    """The reference's dense rounds (mask_transport), written out: one-hot bids, the
    column minimum of plan * cost, losers pay 1."""
    cost = cost.clone()
    for _ in range(iterations):
        plan = F.one_hot(cost.argmin(-1), cost.size(-1)).float()
        winner = (plan * cost).argmin(-2)
        won = F.one_hot(winner, cost.size(-2)).transpose(-1, -2).float() * plan
        cost += plan - won
    return won


def test_contest_is_the_references_dense_rule_ties_and_zeros_included():
    # Costs on a coarse lattice, so that ties and exact zeros are common.
    torch.manual_seed(0)
    for g in (4, 9, 16):
        cost = torch.randint(-3, 4, (64, g, g)).float() / 4
        for iterations in (1, 2, 5):
            won = reference_rounds(cost, iterations)
            ours = cost.clone()
            for _ in range(iterations):
                offer, choice = ours.min(-1)
                mine = pm.contest_winners(choice, offer)
                ours.scatter_add_(-1, choice[..., None], (~mine).float()[..., None])
            dense = F.one_hot(choice, g).float() * mine[..., None].float()
            assert torch.equal(dense, won)


def test_transport_blocks_moves_whole_blocks_to_their_destinations():
    destination = torch.tensor([[3, 1, 2, -1]])  # block 3 dropped, position 0 empty
    image = torch.arange(2 * 4 * 6, dtype=torch.float).reshape(1, 2, 4, 6)
    moved = pm.transport_blocks(image, destination, (2, 2))  # blocks of 2 x 3 pixels
    assert torch.equal(moved[..., 2:, 3:], image[..., :2, :3])  # block 0 -> 3
    assert torch.equal(moved[..., :2, 3:], image[..., :2, 3:])  # block 1 stays
    assert torch.equal(moved[..., 2:, :3], image[..., 2:, :3])  # block 2 stays
    assert moved[..., :2, :3].abs().sum() == 0                  # position 0 empty


def test_transport_cost_matrix_is_the_references_on_square_grids():
    cost = pm.transport_cost_matrix((3, 3), 'cpu')
    rows, cols = torch.arange(9) // 3, torch.arange(9) % 3
    expected = ((rows[:, None] - rows[None])**2 +
                (cols[:, None] - cols[None])**2).float() / 4
    torch.testing.assert_close(cost, expected)
    wide = pm.transport_cost_matrix((2, 3), 'cpu')
    assert wide[0, 5] == pytest.approx(1 + 1)  # corner to corner: one extent each


# ----------------------------------------------------------------------------------
# The mix
# ----------------------------------------------------------------------------------
def planted_batch(height, width):
    """Two images of random blocks; image 0's saliency sits in its top-left block and
    (less) in its bottom-right block, image 1's in its top-left block."""
    torch.manual_seed(0)
    images = torch.randn(2, 3, height, width)
    score = torch.full((2, height, width), 1e-3)
    bh, bw = height // 2, width // 2
    score[0, :bh, :bw] = 0.65
    score[0, bh:, bw:] = 0.35
    score[1, :bh, :bw] = 1.0
    return images, score, (bh, bw)


def blocks_of(image, block):
    return [image[:, r:r + block[0], c:c + block[1]]
            for r in range(0, image.size(1), block[0])
            for c in range(0, image.size(2), block[1])]


@pytest.mark.parametrize('size', [(16, 16), (16, 32)])
def test_planted_blobs_survive_only_with_transport(size):
    # Sample 0 (target 0, source 1): both salient top-left blocks compete for the same
    # place. The mask shows the source's (more salient) block there and the target
    # elsewhere; transport then moves the target's top-left block to a place where
    # the target shows, so both survive; without transport the target's is lost.
    images, score, block = planted_batch(*size)
    source_index = torch.tensor([1, 0])
    found = {}
    for transport in (True, False):
        mix = PuzzleMix(n_labels=2, t_eps=0.1, transport=transport)
        mask, target, source = mix.mix_parts(images, score, source_index, 2, 0.5)
        share = pm.upsample(mask, size)
        mixed = share[:, None] * target + (1 - share[:, None]) * source
        shown = blocks_of(mixed[0], block)
        found[transport] = [any(torch.equal(b, blob) for b in shown) for blob in (
            blocks_of(images[0], block)[0], blocks_of(images[1], block)[0])]
        assert mask[0, 0, 0] == 0  # the source's blob kept in place
    assert found[True] == [True, True]
    assert found[False] == [False, True]


@pytest.mark.parametrize('size', [(32, 32), (32, 64)])
def test_labels_are_the_mask_share_and_the_image_follows_the_mask(size):
    torch.manual_seed(3)
    np.random.seed(3)
    inputs = torch.randn(6, 3, *size)
    targets = F.one_hot(torch.tensor([0, 1, 2, 3, 4, 0]), 5).float()
    score = torch.rand(6, *size)
    for mix in (PuzzleMix(transport=False), PuzzleMix(block_nums=(2, 4, 8, 16),
                                                      t_size=4)):
        for _ in range(3):
            mixed, mixed_targets, step = mix(inputs.clone(), targets, score)
            share = 1 - step.source_share
            assert set(share.unique().tolist()) <= {0.0, 0.5, 1.0}
            torch.testing.assert_close(step.lam, share.flatten(1).mean(1))
            expected = (step.lam[:, None] * targets +
                        (1 - step.lam[:, None]) * targets[step.source_index])
            torch.testing.assert_close(mixed_targets, expected)
            torch.testing.assert_close(mixed_targets.sum(1), torch.ones(6))
            if not mix.transport:
                torch.testing.assert_close(
                    mixed, share[:, None] * inputs +
                    (1 - share[:, None]) * inputs[step.source_index])
    assert mixed.shape == inputs.shape


@pytest.mark.parametrize('lam, share', [(0.9, 1.0), (0.5, 0.5), (0.1, 0.0)])
def test_without_saliency_or_seams_the_prior_picks_the_share(lam, share):
    # Uniform saliency and flat images: every mask hides the same saliency and no
    # seam costs more than another, so each block takes the prior's most likely
    # level: p(v=1, 1/2, 0) = (lam^2, 2 lam (1 - lam), (1 - lam)^2).
    inputs, score = torch.zeros(2, 3, 16, 16), torch.ones(2, 16, 16)
    mix = PuzzleMix(transport=False)
    mask, _, _ = mix.mix_parts(inputs, score, torch.tensor([1, 0]), 4, lam)
    assert torch.equal(mask, torch.full((2, 4, 4), share))


def test_mix_is_built_from_the_registry():
    mix = BATCH_AUGMENTS.build(dict(type='mmrecmix.PuzzleMix', block_nums=[2, 4]))
    assert isinstance(mix, PuzzleMix) and mix.block_nums == (2, 4)


@pytest.mark.parametrize('kwargs, name', [
    (dict(alpha=0), 'alpha'), (dict(beta=-1), 'beta'), (dict(gamma=-0.1), 'gamma'),
    (dict(eta=float('nan')), 'eta'), (dict(t_eps=-1), 't_eps'),
    (dict(block_nums=(1, 2)), 'block_nums'), (dict(block_nums=()), 'block_nums'),
    (dict(block_nums=(2.5, )), 'block_nums'), (dict(neigh_size=0), 'neigh_size'),
    (dict(n_labels=1), 'n_labels'), (dict(t_size=0), 't_size'),
    (dict(transport=1), 'transport'), (dict(std=(1.0, 0.0, 1.0)), 'std'),
    (dict(mean=(1.0, 2.0)), 'mean'),
])
def test_bad_arguments_name_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=name):
        PuzzleMix(**kwargs)


def test_bad_inputs_say_what_is_expected():
    mix = PuzzleMix()
    inputs, targets = torch.zeros(2, 3, 16, 16), torch.eye(2)
    with pytest.raises(ValueError, match='InputGradientGuide'):
        mix(inputs, targets, None)
    with pytest.raises(ValueError, match=r'\(N, h, w\)'):
        mix(inputs, targets, torch.ones(2, 1, 16, 16))
    with pytest.raises(ValueError, match='channels'):
        mix(torch.zeros(2, 1, 16, 16), targets, torch.ones(2, 16, 16))
    with pytest.raises(ValueError, match='block_nums'):  # 20 / 8 is no whole block
        mix(torch.zeros(2, 3, 20, 16), targets, torch.ones(2, 20, 16))
    # Class indices would be averaged as numbers: refused before any work.
    with pytest.raises(ValueError, match='one-hot them first'):
        mix(inputs, torch.tensor([0, 1]), torch.ones(2, 16, 16))


# ----------------------------------------------------------------------------------
# The guide
# ----------------------------------------------------------------------------------
class FlatPixels(nn.Module):
    """A backbone that hands the head the flattened pixels: with a linear head, the
    whole model is one linear map."""

    def forward(self, x):
        return (x.flatten(1), )


def linear_classifier(loss_weight=1.0):
    classifier = ImageClassifier(
        backbone=dict(type='ResNet_CIFAR', depth=18),
        head=dict(type='LinearClsHead', num_classes=4, in_channels=2 * 3 * 5,
                  loss=dict(type='CrossEntropyLoss', loss_weight=loss_weight)))
    classifier.backbone = FlatPixels()
    return classifier


@pytest.mark.parametrize('loss_weight', [1.0, 2.5])
def test_guide_saliency_is_the_hand_computed_input_gradient(loss_weight):
    torch.manual_seed(0)
    classifier = linear_classifier(loss_weight).train()
    inputs = torch.randn(3, 2, 3, 5)
    targets = torch.tensor([[1.0, 0, 0, 0], [0, 0, 1, 0], [0.5, 0.5, 0, 0]])
    guide = MODELS.build(dict(type='mmrecmix.InputGradientGuide'))
    assert isinstance(guide, InputGradientGuide)
    guide.attach(classifier.backbone)
    guidance = guide.guidance(classifier, inputs, targets)
    # The head's mean loss times N: w sum_n CE(W x_n + b, y_n), whose gradient is
    # d / d x_n = w (p_n - y_n) W.
    fc = classifier.head.fc
    probs = (inputs.flatten(1) @ fc.weight.T + fc.bias).softmax(1)
    gradient = (loss_weight * (probs - targets) @ fc.weight).reshape(3, 2, 3, 5)
    expected = gradient.pow(2).mean(1).sqrt()
    torch.testing.assert_close(guidance.score, expected)
    torch.testing.assert_close(guidance.clean_logits,
                               inputs.flatten(1) @ fc.weight.T + fc.bias)
    assert guidance.losses == {}
    assert all(p.grad is None for p in classifier.parameters())
    assert classifier.training and not inputs.requires_grad


def test_guide_runs_the_clean_pass_in_eval_mode():
    classifier = linear_classifier()
    classifier.head.fc = nn.Sequential(nn.Dropout(0.9), classifier.head.fc)
    guide = InputGradientGuide()
    inputs = torch.randn(4, 2, 3, 5)
    first = guide.guidance(classifier, inputs, torch.eye(4)).score
    second = guide.guidance(classifier, inputs, torch.eye(4)).score
    torch.testing.assert_close(first, second)  # no dropout: eval mode


def test_a_clean_loss_weight_trains_on_the_clean_pass_in_train_mode():
    """Co-Mixup's --clean_lam: the clean pass's loss, weighted, joins the step's
    losses and reaches the parameters; the saliency is the same input gradient."""
    torch.manual_seed(0)
    inputs = torch.randn(3, 2, 3, 5)
    targets = torch.tensor([[1.0, 0, 0, 0], [0, 0, 1, 0], [0.5, 0.5, 0, 0]])
    classifier = linear_classifier().train()
    plain = InputGradientGuide().guidance(classifier, inputs, targets)
    guidance = InputGradientGuide(clean_loss_weight=0.02).guidance(
        classifier, inputs, targets)
    torch.testing.assert_close(guidance.score, plain.score)
    fc = classifier.head.fc
    logits = inputs.flatten(1) @ fc.weight.T + fc.bias
    expected = -(targets * logits.log_softmax(1)).sum(1).mean() * 0.02
    torch.testing.assert_close(guidance.losses['loss_clean'], expected)
    guidance.losses['loss_clean'].backward()
    # d / dW of 0.02 mean_n CE(W x_n + b, y_n) = 0.02 / N sum_n (p_n - y_n) x_n^T.
    probs = logits.detach().softmax(1)
    torch.testing.assert_close(fc.weight.grad,
                               0.02 / 3 * (probs - targets).T @ inputs.flatten(1))


def test_a_clean_loss_weight_runs_the_clean_pass_in_train_mode():
    classifier = linear_classifier()
    classifier.head.fc = nn.Sequential(nn.Dropout(0.9), classifier.head.fc)
    guide = InputGradientGuide(clean_loss_weight=1.0)
    inputs = torch.randn(4, 2, 3, 5)
    first = guide.guidance(classifier, inputs, torch.eye(4)).score
    second = guide.guidance(classifier, inputs, torch.eye(4)).score
    assert not torch.allclose(first, second)  # dropout on: train mode


@pytest.mark.parametrize('weight', [-0.1, float('nan'), True])
def test_a_bad_clean_loss_weight_is_refused(weight):
    with pytest.raises(ValueError, match='clean_loss_weight'):
        InputGradientGuide(clean_loss_weight=weight)


# ----------------------------------------------------------------------------------
# Configs and training
# ----------------------------------------------------------------------------------
# The PuzzleMix arms (the epoch tables' arms inherit their 800-epoch arm's model).
TABLE_CONFIGS = sorted(
    path for path in glob.glob(osp.join(REPO_ROOT, 'configs', 'tables', '*',
                                        '*puzzlemix*.py'))
    if '-epochs' not in osp.basename(osp.dirname(path)))


def test_table_configs_use_openmixups_arguments_and_their_own_statistics():
    assert len(TABLE_CONFIGS) == 19 + 16  # + AutoMix T3 (5), T4 ConvNeXt (1), T5 (10)
    for path in TABLE_CONFIGS:
        cfg = Config.fromfile(path)
        model = cfg.model
        mix = model.mix
        cifar = 'cifar' in osp.basename(path)
        assert model.type == 'mmrecmix.GuidedMixClassifier' and model.train_cfg is None
        assert model.guide == dict(type='mmrecmix.InputGradientGuide')
        assert (mix.alpha, mix.beta, mix.gamma, mix.eta, mix.neigh_size,
                mix.n_labels, mix.transport, mix.t_eps) == (
                    1.0, 1.2, 0.5, 0.2, 4, 3, True, 0.8)
        assert tuple(mix.block_nums) == ((2, 4, 8, 16) if cifar else (2, 4, 8))
        assert mix.t_size == (4 if cifar else -1)
        preprocessor = model.get('data_preprocessor') or cfg.data_preprocessor
        assert list(mix.mean) == list(preprocessor.mean)
        assert list(mix.std) == list(preprocessor.std)
        assert all(row['method'] == 'PuzzleMix' for row in cfg.paper_rows)
PUZZLEMIX_MODEL = dict(
    _delete_=True, type='mmrecmix.GuidedMixClassifier', train_cfg=None,
    backbone=dict(type='ResNet_CIFAR', depth=18, out_indices=(3, )),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(type='LinearClsHead', num_classes=10, in_channels=512),
    mix=dict(type='mmrecmix.PuzzleMix', mean=[85.0] * 3, std=[95.0] * 3),
    guide=dict(type='mmrecmix.InputGradientGuide'))


def test_runner_trains_a_resnet_with_puzzlemix_on_non_square_digits(tmp_path):
    # mmpretrain's Resize scale is (w, h): 16 high x 32 wide images.
    np.random.seed(0)
    runner = tiny_digits_run(tmp_path, PUZZLEMIX_MODEL, train_size=32, pipeline=[
        dict(type='Resize', scale=(32, 16), interpolation='bilinear'),
        dict(type='PackInputs')])
    losses = runner.message_hub.get_scalar('train/loss').data[0]
    assert len(losses) == 2 and all(math.isfinite(v) for v in losses)
    assert isinstance(runner.model.guide, InputGradientGuide)
    assert isinstance(runner.model.mix, PuzzleMix)
