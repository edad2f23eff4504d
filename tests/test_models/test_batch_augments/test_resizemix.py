"""mmrecmix.ResizeMix (as published): scale range, the pasted resized partner, labels by
area, how mmpretrain's ResizeMix differs, the Runner."""
import math
import os.path as osp

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from conftest import REPO_ROOT, tiny_digits_run
from mmengine.registry import DefaultScope

from mmrecmix.models.batch_augments import ResizeMix
from mmrecmix.registry import BATCH_AUGMENTS

H, W = 24, 40
DEMO = osp.join(REPO_ROOT, 'configs', 'demo', 'resnet18_digits_demo.py')


def one_hot(labels, num_classes=5):
    return F.one_hot(torch.as_tensor(labels), num_classes).float()


def test_scale_is_uniform_on_the_papers_range():
    np.random.seed(0)
    aug = ResizeMix()
    taus = np.array([aug.sample_scale() for _ in range(4000)])
    assert taus.min() >= 0.1 and taus.max() <= 0.8
    assert taus.min() < 0.11 and taus.max() > 0.79
    # U(0.1, 0.8): mean 0.45, sd 0.7 / sqrt(12) = 0.202; standard error of the mean
    # over 4000 draws 0.0032.
    assert taus.mean() == pytest.approx(0.45, abs=0.012)
    assert taus.std() == pytest.approx(0.202, abs=0.01)


@pytest.mark.parametrize('tau, size', [(0.45, (11, 18)), (0.1, (2, 4)), (0.8, (19, 32)),
                                       (0.33, (8, 13))])
def test_patch_size_is_the_rounded_scale_of_each_side(monkeypatch, tau, size):
    """24 * 0.45 = 10.8 -> 11, 40 * 0.45 = 18; 2.4 -> 2, 4; 19.2 -> 19, 32;
    7.92 -> 8, 13.2 -> 13."""
    aug = ResizeMix()
    monkeypatch.setattr(aug, 'sample_scale', lambda: tau)
    (x1, y1, x2, y2), lam = aug.sample_box(H, W)
    assert (y2 - y1, x2 - x1) == size
    assert lam == pytest.approx(1 - size[0] * size[1] / (H * W))


def test_boxes_are_inside_uniformly_placed_and_lambda_is_the_area():
    np.random.seed(0)
    aug = ResizeMix()
    shares, places = [], []
    for _ in range(4000):
        (x1, y1, x2, y2), lam = aug.sample_box(H, W)
        assert 0 <= x1 < x2 <= W and 0 <= y1 < y2 <= H
        share = (x2 - x1) * (y2 - y1) / (H * W)
        assert lam == pytest.approx(1 - share)
        shares.append(share)
        if y2 - y1 < H and x2 - x1 < W:
            places.append((y1 / (H - (y2 - y1)), x1 / (W - (x2 - x1))))
    # E[tau^2] = (0.8^3 - 0.1^3) / (3 * 0.7) = 0.2433 for the area share; rounding
    # the sides moves it by < 0.005. Standard error here ~0.0028.
    assert np.mean(shares) == pytest.approx(0.2433, abs=0.012)
    assert max(shares) <= 19 * 32 / (H * W)
    # The corner is uniform over the free range: relative position mean 0.5
    # (sd ~0.3, standard error ~0.005).
    np.testing.assert_allclose(np.mean(places, 0), [0.5, 0.5], atol=0.02)


def test_pasted_region_is_the_whole_resized_partner(device):
    np.random.seed(3)
    torch.manual_seed(0)
    aug = ResizeMix(interpolation='bilinear')
    inputs = torch.randn(3, 3, H, W, device=device)
    mixed, scores = aug(inputs.clone(), one_hot([0, 1, 2]).to(device))
    step = aug.last_step
    (x1, y1, x2, y2), index = step['box'], step['index']
    patch = F.interpolate(inputs[index], size=(y2 - y1, x2 - x1), mode='bilinear',
                          align_corners=False)
    torch.testing.assert_close(mixed[..., y1:y2, x1:x2], patch, rtol=0, atol=0)
    outside = torch.ones(H, W, dtype=torch.bool, device=device)
    outside[y1:y2, x1:x2] = False
    torch.testing.assert_close(mixed[..., outside], inputs[..., outside], rtol=0, atol=0)
    share = (x2 - x1) * (y2 - y1) / (H * W)
    assert step['lam'] == pytest.approx(1 - share)
    expected = (1 - share) * one_hot([0, 1, 2]) + share * one_hot(index.cpu())
    torch.testing.assert_close(scores, expected.to(device))
    torch.testing.assert_close(scores.sum(1), torch.ones(3, device=device))


def pasted_shares(augment, monkeypatch, draws=1500):
    """Area share of the partner in the label over ``draws`` mixes of two 24x40
    images whose partners are swapped."""
    monkeypatch.setattr(torch, 'randperm',
                        lambda n, device=None: torch.tensor([1, 0], device=device))
    labels = one_hot([0, 1])
    return np.array([augment(torch.zeros(2, 1, H, W), labels.clone())[1][0, 1].item()
                     for _ in range(draws)])


def test_differs_from_mmpretrains_resizemix(monkeypatch):
    from mmpretrain.models.utils.batch_augments import ResizeMix as UpstreamResizeMix
    np.random.seed(0)
    ours = pasted_shares(ResizeMix(), monkeypatch)
    upstream = pasted_shares(UpstreamResizeMix(alpha=1.0), monkeypatch)
    # Ours: tau^2 with tau ~ U(0.1, 0.8): share in [0.01, 0.64], mean 0.243.
    assert ours.min() >= 0.005 and ours.max() <= 0.64
    assert ours.mean() == pytest.approx(0.2433, abs=0.015)
    # mmpretrain: kept share 0.1 + 0.7 * Beta(1, 1), pasted share 1 - that in
    # [0.2, 0.9] around a uniform centre, then clipped at the border (87% of boxes at
    # 24x40): mean 0.332 and 3.3% above 0.64 in an independent 400k-draw NumPy
    # simulation of its rule. Standard error here ~0.005.
    assert upstream.mean() == pytest.approx(0.332, abs=0.02)
    assert upstream.max() > 0.64 >= ours.max()
    assert upstream.mean() - ours.mean() > 0.06


def test_probability_zero_never_mixes():
    aug = ResizeMix(prob=0.0)
    inputs = torch.randn(2, 3, H, W)
    mixed, scores = aug(inputs.clone(), one_hot([0, 1]).long())
    torch.testing.assert_close(mixed, inputs)
    assert scores.dtype == torch.float32 and aug.last_step is None


@pytest.mark.parametrize('kwargs, message', [
    (dict(scale=(0.0, 0.8)), r'scale must be a pair \(min, max\) with 0 < min'),
    (dict(scale=(0.5, 0.4)), 'scale must be a pair'),
    (dict(scale=(0.1, 1.2)), 'scale must be a pair'),
    (dict(scale=0.5), 'scale must be a pair'),
    (dict(scale=(0.1, 0.5, 0.8)), 'scale must be a pair'),
    (dict(scale=('a', 'b')), 'scale must be a pair'),
    (dict(prob=1.5), r'ResizeMix: prob must be a number in \[0, 1\]'),
    (dict(interpolation='linear'), "interpolation must be one of .*'bilinear'")])
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        ResizeMix(**kwargs)


def test_unprefixed_name_stays_mmpretrains():
    from mmpretrain.models.utils.batch_augments import ResizeMix as UpstreamResizeMix
    from mmpretrain.registry import BATCH_AUGMENTS as MMPRE_AUGMENTS
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        assert MMPRE_AUGMENTS.get('ResizeMix') is UpstreamResizeMix
        assert type(MMPRE_AUGMENTS.build(dict(type='mmrecmix.ResizeMix'))) is ResizeMix
    assert BATCH_AUGMENTS.get('ResizeMix') is ResizeMix


def test_drop_in_for_random_batch_augment():
    from mmpretrain.models.utils.batch_augments import RandomBatchAugment
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        augment = RandomBatchAugment(
            augments=[dict(type='mmrecmix.ResizeMix', scale=(0.5, 0.5)),
                      dict(type='Mixup', alpha=1.0)], probs=[1.0, 0.0])
    images = torch.randn(4, 3, H, W)
    mixed, scores = augment(images.clone(), one_hot([0, 1, 2, 3]))
    x1, y1, x2, y2 = augment.augments[0].last_step['box']
    assert (y2 - y1, x2 - x1) == (12, 20)
    share = 12 * 20 / (H * W)
    index = augment.augments[0].last_step['index']
    torch.testing.assert_close(scores, (1 - share) * one_hot([0, 1, 2, 3])
                               + share * one_hot(index))
    patch = F.interpolate(images[index], size=(12, 20), mode='bilinear')
    torch.testing.assert_close(mixed[..., y1:y2, x1:x2], patch)


def test_trains_through_the_runner_on_digits(tmp_path):
    runner = tiny_digits_run(
        tmp_path, dict(train_cfg=dict(augments=dict(type='mmrecmix.ResizeMix'))))
    augment = runner.model.data_preprocessor.batch_augments.augments[0]
    assert isinstance(augment, ResizeMix)
    x1, y1, x2, y2 = augment.last_step['box']
    assert 0 <= x1 < x2 <= 16 and 0 <= y1 < y2 <= 16
    assert math.isfinite(runner.message_hub.get_scalar('train/loss').current())
    assert osp.isfile(osp.join(tmp_path, 'epoch_1.pth'))


@pytest.mark.parametrize('name', ['alpha', 'cutmix_minmax', 'correct_lam', 'lam_min'])
def test_cutmix_options_are_refused_with_the_fix(name):
    with pytest.raises(TypeError, match=rf'ResizeMix does not take {name}: .*'
                                        r'set scale=\(min, max\) instead'):
        ResizeMix(**{name: 0.5})


@pytest.mark.parametrize('interpolation, atol', [
    ('nearest', 0), ('nearest-exact', 0), ('bilinear', 1e-4), ('bicubic', 1e-4)])
def test_elem_mode_pixels_equal_a_per_sample_interpolate(interpolation, atol):
    """One grid_sample for the whole batch; each patch is F.interpolate of its own
    partner to its own size (exactly for the nearest modes)."""
    np.random.seed(2)
    torch.manual_seed(2)
    aug = ResizeMix(scale=(0.1, 1.0), interpolation=interpolation, mode='elem')
    inputs = torch.randn(6, 3, H, W)
    mixed, scores = aug(inputs.clone(), one_hot([0, 1, 2, 3, 4, 0]))
    boxes, index, lam = (aug.last_step[k] for k in ('boxes', 'index', 'lam'))
    assert len(set(map(tuple, boxes.tolist()))) == 6
    for k, (x1, y1, x2, y2) in enumerate(boxes.tolist()):
        patch = F.interpolate(inputs[index[k]][None], size=(y2 - y1, x2 - x1),
                              mode=interpolation)[0]
        torch.testing.assert_close(mixed[k, :, y1:y2, x1:x2], patch, rtol=0, atol=atol)
        outside = torch.ones(H, W, dtype=torch.bool)
        outside[y1:y2, x1:x2] = False
        assert torch.equal(mixed[k][:, outside], inputs[k][:, outside])
        assert lam[k].item() == pytest.approx(1 - (x2 - x1) * (y2 - y1) / (H * W))
