"""mmrecmix.CutMix: box, lambda, labels and pairing on non-square inputs; resize mode."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from mmengine.registry import DefaultScope

from mmrecmix.models.batch_augments import CutMix
from mmrecmix.registry import BATCH_AUGMENTS


def one_hot(labels, num_classes=10):
    return F.one_hot(torch.as_tensor(labels), num_classes)


def planted(aug, monkeypatch, box, index):
    height_width = []

    def sample_box(height, width):
        height_width.append((height, width))
        share = (box[2] - box[0]) * (box[3] - box[1]) / (height * width)
        return box, 1 - share

    monkeypatch.setattr(aug, 'sample_box', sample_box)
    monkeypatch.setattr(torch, 'randperm', lambda n, device=None: torch.tensor(index))
    return height_width


def test_cut_box_labels_and_pairing_non_square(monkeypatch, device):
    aug = CutMix()
    inputs = torch.randn(3, 3, 48, 80, device=device)
    box = (10, 4, 60, 34)  # x along the 80-px width, y along the 48-px height
    seen = planted(aug, monkeypatch, box, [2, 0, 1])
    mixed, scores = aug(inputs.clone(), one_hot([0, 1, 2]).to(device))
    assert seen == [(48, 80)]
    torch.testing.assert_close(mixed[..., 4:34, 10:60], inputs[[2, 0, 1]][..., 4:34, 10:60])
    outside = torch.ones(48, 80, dtype=torch.bool, device=device)
    outside[4:34, 10:60] = False
    torch.testing.assert_close(mixed[..., outside], inputs[..., outside])
    lam = 1 - 50 * 30 / (48 * 80)
    expected = lam * one_hot([0, 1, 2]) + (1 - lam) * one_hot([2, 0, 1])
    torch.testing.assert_close(scores, expected.float().to(device))
    assert aug.last_step['box'] == box and aug.last_step['lam'] == pytest.approx(lam)


def test_resize_mode_pastes_the_whole_partner(monkeypatch):
    aug = CutMix(resize=True, interpolation='bilinear')
    inputs = torch.randn(2, 3, 48, 80)
    planted(aug, monkeypatch, (0, 8, 40, 32), [1, 0])
    mixed, _ = aug(inputs.clone(), one_hot([0, 1]))
    expected = F.interpolate(inputs[[1, 0]], size=(24, 40), mode='bilinear')
    torch.testing.assert_close(mixed[..., 8:32, 0:40], expected)


def test_lambda_is_recomputed_from_the_clipped_box():
    np.random.seed(0)
    aug = CutMix(alpha=1.0)
    lams = []
    for _ in range(4000):
        (x1, y1, x2, y2), lam = aug.sample_box(48, 80)
        assert lam == pytest.approx(1 - (x2 - x1) * (y2 - y1) / (48 * 80))
        lams.append(lam)
    # Beta(1, 1) is uniform with mean 0.5; clipping only shrinks the box, so the
    # recomputed lambda is larger on average: 0.6908 in an independent 400k-draw
    # NumPy simulation of the reference rule at 48x80. Standard error here ~0.004.
    assert np.mean(lams) == pytest.approx(0.691, abs=0.015)


def test_probability_zero_never_mixes():
    aug = CutMix(prob=0.0)
    inputs = torch.randn(2, 3, 8, 8)
    mixed, scores = aug(inputs.clone(), one_hot([0, 1]))
    torch.testing.assert_close(mixed, inputs)
    assert scores.dtype == torch.float32 and aug.last_step is None


@pytest.mark.parametrize('kwargs, message', [
    (dict(prob=1.5), r'prob must be a number in \[0, 1\]'),
    (dict(alpha=0), r'alpha must be a number in \(0, inf\)')])
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        CutMix(**kwargs)


def test_registered_without_shadowing_mmpretrain():
    from mmpretrain.models.utils.batch_augments import CutMix as UpstreamCutMix
    from mmpretrain.registry import BATCH_AUGMENTS as MMPRE_AUGMENTS
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        assert MMPRE_AUGMENTS.get('CutMix') is UpstreamCutMix
        assert type(MMPRE_AUGMENTS.build(dict(type='mmrecmix.CutMix'))) is CutMix
    assert BATCH_AUGMENTS.get('CutMix') is CutMix
