"""SMMix's window search, paste and token masks against hand-built cases."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from mmrecmix.models.batch_augments import (SMMix, max_min_windows, paste_windows,
                                            window_side_range, window_sums,
                                            window_token_mask)


def brute_force_windows(scores, side, source_index):
    """Loop over every window of every sample: the reference for the vectorised op."""
    n, h, w = scores.shape
    sums = torch.zeros(n, h - side + 1, w - side + 1)
    for b in range(n):
        for y in range(h - side + 1):
            for x in range(w - side + 1):
                sums[b, y, x] = scores[b, y:y + side, x:x + side].sum()
    best = [divmod(int(sums[source_index[b]].argmax()), w - side + 1) for b in range(n)]
    worst = [divmod(int(sums[b].argmin()), w - side + 1) for b in range(n)]
    return sums, torch.tensor(best), torch.tensor(worst)


def test_planted_scores_pick_the_max_and_min_windows():
    scores = torch.full((3, 14, 10), 0.5)
    scores[0, 2:5, 6:9] = 3.0   # hottest 3x3 window of sample 0 at (2, 6)
    scores[2, 9:12, 0:3] = 4.0  # hottest of sample 2 at (9, 0)
    scores[1, 10:13, 4:7] = 2.0
    scores[0, 11:14, 1:4] = -1.0  # coldest of sample 0 at (11, 1)
    scores[2, 0:3, 7:10] = -2.0   # coldest of sample 2 at (0, 7)
    scores[1, 5:8, 2:5] = -3.0    # coldest of sample 1 at (5, 2)
    source_index = torch.tensor([2, 1, 0])
    source_yx, target_yx = max_min_windows(scores, 3, source_index)
    assert source_yx.tolist() == [[9, 0], [10, 4], [2, 6]]
    assert target_yx.tolist() == [[11, 1], [5, 2], [0, 7]]


@pytest.mark.parametrize('side', [2, 3, 5])
def test_window_search_equals_brute_force_on_random_scores(side, device):
    torch.manual_seed(side)
    scores = torch.rand(4, 7, 9)
    index = torch.tensor([3, 2, 1, 0])
    sums, best, worst = brute_force_windows(scores, side, index)
    torch.testing.assert_close(window_sums(scores.to(device), side).cpu(), sums)
    source_yx, target_yx = max_min_windows(scores.to(device), side, index.to(device))
    assert source_yx.tolist() == best.tolist() and target_yx.tolist() == worst.tolist()


def test_paste_follows_patch_stride_on_non_square_input(device):
    # 224x160 input, 16-px patches: a 14x10 token grid.
    inputs = torch.arange(2 * 3 * 224 * 160, dtype=torch.float32,
                          device=device).view(2, 3, 224, 160)
    original = inputs.clone()
    source_index = torch.tensor([1, 0], device=device)
    source_yx = torch.tensor([[3, 5], [10, 0]], device=device)
    target_yx = torch.tensor([[0, 2], [8, 6]], device=device)
    paste_windows(inputs, source_index, source_yx, target_yx, 4, (16, 16))
    # Sample 0 receives sample 1's window at tokens (3, 5) -> pixels rows 48:112,
    # columns 80:144, pasted at tokens (0, 2) -> rows 0:64, columns 32:96.
    torch.testing.assert_close(inputs[0, :, 0:64, 32:96], original[1, :, 48:112, 80:144])
    torch.testing.assert_close(inputs[1, :, 128:192, 96:160], original[0, :, 160:224, 0:64])
    changed = (inputs != original).any(1)
    mask = window_token_mask(target_yx, 4, (14, 10))
    pixel_mask = mask.repeat_interleave(16, 1).repeat_interleave(16, 2)
    assert torch.equal(changed, pixel_mask)
    assert mask.sum((1, 2)).tolist() == [16, 16]


def test_region_mix_labels_boxes_and_masks(monkeypatch):
    torch.manual_seed(0)
    aug = SMMix(smmix_prob=1.0)
    monkeypatch.setattr(np.random, 'randint', lambda low, high: 3)
    inputs = torch.randn(3, 3, 224, 160)
    guide = torch.rand(3, 14, 10)
    labels = F.one_hot(torch.tensor([0, 1, 2]), 5).float()
    original = inputs.clone()
    mixed, mixed_labels, step = aug(inputs, labels, guide)
    assert step.lam == pytest.approx(1 - 9 / 140)
    assert step.source_index.tolist() == [2, 1, 0]
    torch.testing.assert_close(mixed_labels, step.lam * labels + (1 - step.lam) * labels[[2, 1, 0]])
    _, target_yx = max_min_windows(guide, 3, step.source_index)
    for b, (y, x) in enumerate(target_yx.tolist()):
        assert step.boxes[b].tolist() == [x * 16, y * 16, (x + 3) * 16, (y + 3) * 16]
        assert step.token_mask[b].nonzero().min(0).values.tolist() == [y, x]
    # Odd batch: the middle sample is its own source: its best window covers its
    # worst one, and its label stays its own.
    torch.testing.assert_close(mixed_labels[1], labels[1])
    source_yx, _ = max_min_windows(guide, 3, step.source_index)
    (sy, sx), (ty, tx) = source_yx[1].tolist(), target_yx[1].tolist()
    torch.testing.assert_close(mixed[1, :, ty * 16:(ty + 3) * 16, tx * 16:(tx + 3) * 16],
                               original[1, :, sy * 16:(sy + 3) * 16, sx * 16:(sx + 3) * 16])


def test_mixup_alternative(monkeypatch):
    aug = SMMix(smmix_prob=0.0)
    monkeypatch.setattr(np.random, 'beta', lambda a, b: 0.7)
    inputs = torch.randn(4, 3, 32, 32)
    labels = F.one_hot(torch.arange(4), 4).float()
    original = inputs.clone()
    mixed, mixed_labels, step = aug(inputs, labels, torch.rand(4, 4, 4))
    torch.testing.assert_close(mixed, 0.7 * original + 0.3 * original.flip(0))
    torch.testing.assert_close(mixed_labels, 0.7 * labels + 0.3 * labels.flip(0))
    assert step.token_mask is None


def test_window_side_range_and_too_small_grid():
    assert window_side_range(14, 14) == (3, 10)
    assert window_side_range(14, 10) == (2, 7)
    assert window_side_range(7, 7) == (1, 5)
    with pytest.raises(ValueError, match='cannot hold the smallest window'):
        window_side_range(3, 8)


def test_window_side_is_uniform_over_the_range():
    np.random.seed(0)
    aug = SMMix(smmix_prob=1.0)
    sides = []
    for _ in range(600):
        _, _, step = aug(torch.zeros(2, 3, 112, 112), torch.zeros(2, 3), torch.rand(2, 7, 7))
        sides.append(int(step.token_mask[0].sum().item() ** 0.5))
    counts = np.bincount(sides, minlength=6)[1:6]
    assert set(sides) == {1, 2, 3, 4, 5}
    assert counts.min() > 80  # 120 expected per side


@pytest.mark.parametrize('kwargs, message', [
    (dict(smmix_prob=-0.1), 'smmix_prob must be in'), (dict(mixup_alpha=0), 'mixup_alpha')])
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        SMMix(**kwargs)
