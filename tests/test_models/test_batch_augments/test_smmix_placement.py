"""SMMix's placement variants (appendix Table A4): where the window is cut (the
source's most attended one or a random one) and where it is pasted (the target's
least / most attended window or the same place), against a hand-built attention map
whose windows are known, through the whole batch augment."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from mmrecmix.models.batch_augments import SMMix, max_min_windows
from mmrecmix.models.batch_augments.smmix import placement_windows


def planted_scores() -> torch.Tensor:
    """Two 4x4 attention maps; 2x2 windows (3x3 top-left positions, row-major index
    3 y + x). Sample 0: hottest window at (0, 2) (sum 4.0), coldest at (2, 0) (sum
    0.0). Sample 1: hottest at (2, 1), coldest at (0, 0). Every other window of
    either sample sums strictly between."""
    scores = torch.full((2, 4, 4), 0.1)
    scores[0, 0:2, 2:4] = 1.0
    scores[0, 2:4, 0:2] = 0.0
    scores[1, 2:4, 1:3] = 1.0
    scores[1, 0:2, 0:2] = 0.0
    return scores


SOURCE_INDEX = torch.tensor([1, 0])  # the batch reversed
# The random source windows the tests draw: flat positions 5 and 1 of the 3x3
# top-left grid, i.e. tokens (1, 2) and (0, 1).
DRAWN = np.array([5, 1])

# (source_region, target_region) -> (source_yx, target_yx) of samples 0 and 1.
# Sample 0 is the target of sample 1's window and sample 1 of sample 0's.
EXPECTED = {
    # Max Attn -> Min Attn (SMMix): source 1's hottest (2, 1) onto target 0's
    # coldest (2, 0); source 0's hottest (0, 2) onto target 1's coldest (0, 0).
    ('max_attn', 'min_attn'): ([[2, 1], [0, 2]], [[2, 0], [0, 0]]),
    # Max Attn -> Max Attn: onto the targets' own hottest windows.
    ('max_attn', 'max_attn'): ([[2, 1], [0, 2]], [[0, 2], [2, 1]]),
    # Max Attn -> Corr: where it was cut.
    ('max_attn', 'corresponding'): ([[2, 1], [0, 2]], [[2, 1], [0, 2]]),
    # Random -> ...: the drawn windows, whatever the scores.
    ('random', 'min_attn'): ([[1, 2], [0, 1]], [[2, 0], [0, 0]]),
    ('random', 'max_attn'): ([[1, 2], [0, 1]], [[0, 2], [2, 1]]),
    ('random', 'corresponding'): ([[1, 2], [0, 1]], [[1, 2], [0, 1]]),
}
REGIONS = sorted(EXPECTED)
IDS = ['->'.join(r) for r in REGIONS]


def fixed_randint(monkeypatch, side=2):
    """np.random.randint gives the window side for the side draw and DRAWN for the
    per-sample positions; the position draw's range is recorded."""
    calls = []

    def randint(low, high, size=None):
        calls.append((low, high, size))
        return side if size is None else DRAWN[:size]

    monkeypatch.setattr(np.random, 'randint', randint)
    return calls


@pytest.mark.parametrize('regions', REGIONS, ids=IDS)
def test_each_placement_picks_the_expected_windows(regions, monkeypatch):
    calls = fixed_randint(monkeypatch)
    source_yx, target_yx = placement_windows(planted_scores(), 2, SOURCE_INDEX, *regions)
    assert (source_yx.tolist(), target_yx.tolist()) == EXPECTED[regions]
    # The random draw is one per sample over the 9 positions; max sources draw none.
    assert calls == ([(0, 9, 2)] if regions[0] == 'random' else [])


def test_defaults_are_smmixs_max_to_min():
    scores = planted_scores()
    assert torch.equal(torch.stack(placement_windows(scores, 2, SOURCE_INDEX)),
                       torch.stack(max_min_windows(scores, 2, SOURCE_INDEX)))
    aug = SMMix()
    assert (aug.source_region, aug.target_region) == ('max_attn', 'min_attn')


@pytest.mark.parametrize('regions', REGIONS, ids=IDS)
def test_batch_augment_pastes_there_with_smmixs_labels(regions, monkeypatch):
    """The whole SMMix step on an 8x12 batch (4x4 tokens of 2x3 pixels), window side
    2: the drawn window's pixels land on the expected place and nowhere else; the
    label is the area share whatever the placement, lam = 1 - 4 / 16 = 0.75."""
    fixed_randint(monkeypatch)
    aug = SMMix(smmix_prob=1.0, source_region=regions[0], target_region=regions[1])
    inputs = torch.arange(2 * 3 * 8 * 12, dtype=torch.float32).view(2, 3, 8, 12)
    original = inputs.clone()
    labels = F.one_hot(torch.tensor([0, 2]), 3).float()
    mixed, mixed_labels, step = aug(inputs, labels, planted_scores())
    assert step.lam == 0.75 and step.source_index.tolist() == [1, 0]
    torch.testing.assert_close(mixed_labels, torch.tensor([[0.75, 0.0, 0.25],
                                                           [0.25, 0.0, 0.75]]))
    sources, targets = EXPECTED[regions]
    expected = original.clone()
    for b, ((sy, sx), (ty, tx)) in enumerate(zip(sources, targets)):
        expected[b, :, 2 * ty:2 * ty + 4, 3 * tx:3 * tx + 6] = \
            original[1 - b, :, 2 * sy:2 * sy + 4, 3 * sx:3 * sx + 6]
        assert step.boxes[b].tolist() == [3 * tx, 2 * ty, 3 * tx + 6, 2 * ty + 4]
        mask = torch.zeros(4, 4, dtype=torch.bool)
        mask[ty:ty + 2, tx:tx + 2] = True
        assert torch.equal(step.token_mask[b], mask)
    torch.testing.assert_close(mixed, expected)


def test_random_windows_are_uniform_inside_a_non_square_grid():
    """5x7 tokens, side 3: 3x5 top-left positions, each drawn about equally often;
    the draw ignores the scores (the same seed gives the same windows) and a
    corresponding target is the source's own place."""
    np.random.seed(0)
    scores = torch.rand(4, 5, 7)
    index = torch.arange(3, -1, -1)
    counts = torch.zeros(3, 5)
    for _ in range(300):
        source_yx, target_yx = placement_windows(scores, 3, index, 'random',
                                                 'corresponding')
        assert torch.equal(source_yx, target_yx)
        for y, x in source_yx.tolist():
            counts[y, x] += 1
    assert counts.sum() == 1200 and counts.min() > 40  # 80 expected per position
    np.random.seed(1)
    first, _ = placement_windows(scores, 3, index, 'random', 'max_attn')
    np.random.seed(1)
    second, _ = placement_windows(-scores, 3, index, 'random', 'min_attn')
    assert torch.equal(first, second)


@pytest.mark.parametrize('kwargs, message', [
    (dict(source_region='min_attn'), 'source_region must be one of'),
    (dict(target_region='random'), 'target_region must be one of')])
def test_bad_placement_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        SMMix(**kwargs)
    with pytest.raises(ValueError, match=message):
        placement_windows(planted_scores(), 2, SOURCE_INDEX, **kwargs)
