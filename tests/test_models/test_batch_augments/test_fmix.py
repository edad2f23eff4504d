"""mmrecmix.FMix: frequencies, thresholding, spectrum, shares, mixing, training."""
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from conftest import tiny_digits_run
from mmengine.registry import DefaultScope

from mmrecmix.models.batch_augments import FMix
from mmrecmix.models.batch_augments.fmix import (binarise_mask, fourier_frequencies,
                                                 low_frequency_image)
from mmrecmix.registry import BATCH_AUGMENTS

HEIGHT, WIDTH = 24, 40  # non-square throughout: the mask spans H x W = 960 pixels


def one_hot(labels, num_classes=10):
    return F.one_hot(torch.as_tensor(labels), num_classes)


def full_spectrum_frequencies():
    """Radial frequency of each bin of ``fft2`` on an HEIGHT x WIDTH image."""
    return torch.sqrt(torch.fft.fftfreq(HEIGHT)[:, None] ** 2
                      + torch.fft.fftfreq(WIDTH)[None, :] ** 2)


def test_frequencies_hand_computed():
    # H = 4: f_y = 0, 1/4, -1/2, -1/4; W = 5 (rfft): f_x = 0, 1/5, 2/5.
    expected = torch.tensor([
        [0.0, 0.2, 0.4],
        [0.25, math.hypot(0.25, 0.2), math.hypot(0.25, 0.4)],
        [0.5, math.hypot(0.5, 0.2), math.hypot(0.5, 0.4)],
        [0.25, math.hypot(0.25, 0.2), math.hypot(0.25, 0.4)]])
    torch.testing.assert_close(fourier_frequencies(4, 5), expected)


def test_binarise_keeps_the_highest_pixels():
    grey = torch.tensor([[0.3, 0.9, 0.1], [0.5, 0.2, 0.7]])
    mask = binarise_mask(grey, num_kept=3)
    assert torch.equal(mask, torch.tensor([[0., 1., 0.], [1., 0., 1.]]))


def test_binarise_softening_ramps_around_the_threshold():
    # Ranks (highest first) 0..9 laid out on a 2 x 5 image.
    rank = torch.tensor([[3, 0, 7, 5, 9], [1, 8, 2, 6, 4]])
    grey = -rank.float()
    mask = binarise_mask(grey, num_kept=5, num_soft=2)
    # Ranks 0-2 kept, 3-6 on the ramp linspace(1, 0, 4), 7-9 dropped.
    by_rank = torch.tensor([1, 1, 1, 1, 2 / 3, 1 / 3, 0, 0, 0, 0])
    torch.testing.assert_close(mask, by_rank[rank])
    assert mask.sum().item() == pytest.approx(5)


def test_share_equals_lambda_to_one_pixel_non_square(device):
    aug = FMix(alpha=1.0)
    for seed in range(20):
        np.random.seed(seed)
        drawn = np.random.beta(1.0, 1.0)  # the first NumPy draw FMix makes
        np.random.seed(seed)
        aug(torch.randn(2, 3, HEIGHT, WIDTH, device=device), one_hot([0, 1]).to(device))
        mask, lam = aug.last_step['mask'], aug.last_step['lam']
        assert mask.shape == (HEIGHT, WIDTH) and mask.device.type == device.type
        assert set(mask.unique().tolist()) <= {0.0, 1.0}
        kept = mask.sum().item()
        assert abs(kept - drawn * HEIGHT * WIDTH) < 1
        assert lam == kept / (HEIGHT * WIDTH)


def test_mixed_pixels_and_labels_follow_the_mask(device):
    torch.manual_seed(1)
    np.random.seed(1)
    aug = FMix(alpha=1.0)
    inputs = torch.randn(4, 3, HEIGHT, WIDTH, device=device)
    labels = one_hot([0, 1, 2, 3]).to(device)
    mixed, scores = aug(inputs.clone(), labels)
    index, mask, lam = (aug.last_step[k] for k in ('index', 'mask', 'lam'))
    assert 0 < lam < 1 and (index != torch.arange(4, device=device)).any()
    kept = mask.bool()
    assert torch.equal(mixed[..., kept], inputs[..., kept])
    assert torch.equal(mixed[..., ~kept], inputs[index][..., ~kept])
    torch.testing.assert_close(scores.sum(1), torch.ones(4, device=device))
    rows = torch.arange(4, device=device)
    moved = index != rows
    assert (scores[rows[moved], rows[moved]] == lam).all()
    assert (scores[rows[moved], index[moved]] == 1 - lam).all()
    assert (scores[~moved, index[~moved]] == 1).all()  # paired with itself
    assert scores.dtype == torch.float32


def test_bin_power_follows_the_decay_on_both_axes():
    # Off the kx = 0 and Nyquist columns, fft2(irfft2(A)) = A, and E|A|^2 = 2 w(f)^2
    # with w(f) = max(f, 1/40)^-3. Ratios to bin (ky=0, kx=1), f = 1/40: bin (0, 2)
    # (f = 2/40) (1/2)^6 = 1/64; bin (1, 1) (f = sqrt(1/24^2 + 1/40^2)) 0.0185.
    torch.manual_seed(0)
    power = torch.zeros(HEIGHT, WIDTH)
    for _ in range(400):
        power += torch.fft.fft2(low_frequency_image(HEIGHT, WIDTH, 3.0)).abs() ** 2
    base = power[0, 1]
    assert (power[0, 2] / base).item() == pytest.approx(1 / 64, rel=0.25)
    expected = (1 / 40 / math.hypot(1 / 24, 1 / 40)) ** 6
    assert (power[1, 1] / base).item() == pytest.approx(expected, rel=0.25)


@pytest.mark.parametrize('decay_power', [2.0, 3.0])
def test_grey_image_energy_sits_below_a_few_base_frequencies(decay_power):
    # Power falls as f^(-2 delta) for f >= f0 = 1 / max(H, W), and the number of 2-D
    # bins at radius f grows as f, so the share of the (zero-mean) energy above
    # k * f0 is about the ratio of the tails of f^(1 - 2 delta):
    # k^(2 - 2 delta), i.e. 1/81 at delta = 3 and 1/9 at delta = 2 for k = 3.
    torch.manual_seed(0)
    cutoff = 3 / max(HEIGHT, WIDTH)
    radius = full_spectrum_frequencies()
    below, total = 0.0, 0.0
    for _ in range(200):
        grey = low_frequency_image(HEIGHT, WIDTH, decay_power)
        power = torch.fft.fft2(grey - grey.mean()).abs() ** 2
        below += power[radius <= cutoff].sum().item()
        total += power.sum().item()
    # Measured 0.9953 (delta 3) and 0.9335 (delta 2) over 500 draws.
    assert below / total >= 1 - 3.0 ** (2 - 2 * decay_power)


def test_white_noise_spectrum_is_not_low_frequency():
    # The same cut-off holds only ~1.6% of white noise (decay_power 0): the check
    # above measures the decay, not the cut-off.
    torch.manual_seed(0)
    grey = low_frequency_image(HEIGHT, WIDTH, 0.0)
    radius = full_spectrum_frequencies()
    power = torch.fft.fft2(grey - grey.mean()).abs() ** 2
    assert power[radius <= 3 / WIDTH].sum() / power.sum() < 0.05


def test_binary_mask_energy_is_mostly_low_frequency():
    # Thresholding adds edges, whose spectrum falls off slowly; still 94% of a
    # decay-3 mask's (zero-mean) energy lies below 10 / 40 = 0.25 cycles per pixel
    # (measured over 500 masks), against 19% for a decay-0 (white-noise) mask.
    torch.manual_seed(0)
    np.random.seed(0)
    radius = full_spectrum_frequencies()
    for decay_power, low, high in ((3.0, 0.9, 1.0), (0.0, 0.0, 0.3)):
        aug, below, total = FMix(decay_power=decay_power), 0.0, 0.0
        for _ in range(200):
            mask, _ = aug.sample_mask(HEIGHT, WIDTH)
            power = torch.fft.fft2(mask - mask.mean()).abs() ** 2
            below += power[radius <= 10 / WIDTH].sum().item()
            total += power.sum().item()
        assert low <= below / total <= high


@pytest.mark.parametrize('alpha', [1.0, 0.2])
def test_mean_share_matches_beta_moments(alpha):
    np.random.seed(0)
    torch.manual_seed(0)
    aug = FMix(alpha=alpha)
    shares = np.array([aug.sample_mask(HEIGHT, WIDTH)[1] for _ in range(3000)])
    # Beta(a, a): mean 1/2, variance 1 / (4 (2a + 1)); standard error of the mean
    # ~0.005 (a = 1) to ~0.008 (a = 0.2). The pasted share is 1 - the kept share.
    assert shares.mean() == pytest.approx(0.5, abs=0.025)
    assert 1 - shares.mean() == pytest.approx(0.5, abs=0.025)
    assert shares.var() == pytest.approx(1 / (4 * (2 * alpha + 1)), rel=0.1)


def test_softened_mask_keeps_the_share():
    np.random.seed(3)
    drawn = np.random.beta(1.0, 1.0)
    np.random.seed(3)
    mask, lam = FMix(max_soft=0.1).sample_mask(HEIGHT, WIDTH)
    num_soft = int(HEIGHT * WIDTH * min(0.1, drawn, 1 - drawn))
    assert num_soft > 0
    on_ramp = ((mask > 0) & (mask < 1)).sum().item()
    assert on_ramp == 2 * num_soft - 2  # the ramp's ends are exactly 1 and 0
    assert mask.sum().item() == pytest.approx(lam * HEIGHT * WIDTH, abs=1e-3)


def test_probability_zero_never_mixes():
    aug = FMix(prob=0.0)
    inputs = torch.randn(2, 3, 8, 12)
    mixed, scores = aug(inputs.clone(), one_hot([0, 1]))
    assert torch.equal(mixed, inputs)
    assert torch.equal(scores, one_hot([0, 1]).float()) and aug.last_step is None


def test_probability_half_mixes_about_half_the_batches():
    np.random.seed(0)
    aug = FMix(prob=0.5)
    mixed = 0
    for _ in range(400):
        aug(torch.randn(2, 1, 4, 6), one_hot([0, 1]))
        mixed += aug.last_step is not None
    assert mixed / 400 == pytest.approx(0.5, abs=0.075)  # 3 standard errors


@pytest.mark.parametrize('kwargs, message', [
    (dict(alpha=0), 'alpha must be a number in \\(0, inf\\)'),
    (dict(alpha=math.inf), 'alpha must be'),
    (dict(alpha='1'), 'alpha must be'),
    (dict(decay_power=-1), 'decay_power must be a number in \\[0, inf\\)'),
    (dict(max_soft=0.6), 'max_soft must be a number in \\[0, 0.5\\]'),
    (dict(max_soft=-0.1), 'max_soft must be'),
    (dict(prob=1.5), 'prob must be a number in \\[0, 1\\]'),
    (dict(prob=-0.1), 'prob must be')])
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        FMix(**kwargs)


def test_inputs_without_spatial_axes_are_refused():
    with pytest.raises(ValueError, match='at least 3 dimensions'):
        FMix()(torch.randn(4, 10), one_hot([0, 1, 2, 3]))


def test_drop_in_for_random_batch_augment_with_mixup():
    from mmpretrain.models.utils.batch_augments import RandomBatchAugment
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        random_augment = RandomBatchAugment(probs=[0.5, 0.5], augments=[
            dict(type='mmrecmix.FMix', alpha=1.0), dict(type='Mixup', alpha=0.8)])
    fmix = random_augment.augments[0]
    assert type(fmix) is FMix and BATCH_AUGMENTS.get('FMix') is FMix
    np.random.seed(0)
    inputs, labels = torch.randn(4, 3, HEIGHT, WIDTH), one_hot([0, 1, 2, 3])
    ran_fmix = 0
    for _ in range(20):
        fmix.last_step = None
        mixed, scores = random_augment(inputs.clone(), labels)
        torch.testing.assert_close(scores.sum(1), torch.ones(4))
        if fmix.last_step is not None:
            ran_fmix += 1
            kept = fmix.last_step['mask'].bool()
            assert torch.equal(mixed[..., kept], inputs[..., kept])
    assert 0 < ran_fmix < 20  # both augments were picked


def test_runner_trains_a_resnet_on_non_square_digits(tmp_path):
    # 16 high x 24 wide training images (mmpretrain's Resize scale is (w, h)).
    runner = tiny_digits_run(
        tmp_path, dict(train_cfg=dict(augments=dict(type='mmrecmix.FMix', alpha=1.0))),
        train_size=64, pipeline=[dict(type='Resize', scale=(24, 16),
                                      interpolation='bilinear'),
                                 dict(type='PackInputs')])
    losses = runner.message_hub.get_scalar('train/loss').data[0]
    assert len(losses) == 4 and all(math.isfinite(v) for v in losses)
    fmix = runner.model.data_preprocessor.batch_augments.augments[0]
    assert type(fmix) is FMix and fmix.last_step['mask'].shape == (16, 24)
