"""mmrecmix.SaliencyMix: both saliency detectors against direct NumPy / OpenCV versions,
the box on a planted blob (batch and per-image modes), labels by area, the Runner."""
import math
import os.path as osp

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from conftest import REPO_ROOT, tiny_digits_run
from mmengine.registry import DefaultScope

from mmrecmix.models.batch_augments import SaliencyMix
from mmrecmix.models.batch_augments.saliencymix import (fine_grained_saliency,
                                                        saliency_peaks,
                                                        spectral_residual_saliency)
from mmrecmix.registry import BATCH_AUGMENTS

H, W = 24, 40
DEMO = osp.join(REPO_ROOT, 'configs', 'demo', 'resnet18_digits_demo.py')
DETECTORS = {'spectral_residual': spectral_residual_saliency,
             'fine_grained': fine_grained_saliency}
# Blob centres (row, col) both detectors find exactly on a flat 24x40 background.
BLOBS = [(15, 9), (12, 20), (18, 25)]


def blob_image(row, col, height=H, width=W, sigma=1.5):
    """A bright Gaussian blob on a black background, three equal channels."""
    rows = torch.arange(height, dtype=torch.float32)[:, None]
    cols = torch.arange(width, dtype=torch.float32)[None]
    spot = 3 * torch.exp(-((rows - row)**2 + (cols - col)**2) / (2 * sigma**2))
    return spot.expand(3, height, width).clone()


def one_hot(labels, num_classes=5):
    return F.one_hot(torch.as_tensor(labels), num_classes).float()


def plant(monkeypatch, lam, index):
    monkeypatch.setattr(np.random, 'beta',
                        lambda a, b, size=None: lam if size is None else np.full(size, lam))
    monkeypatch.setattr(torch, 'randperm',
                        lambda n, device=None: torch.tensor(index, device=device))


# --- Direct NumPy versions of OpenCV's steps (opencv_contrib modules/saliency) --------

def np_luma(image):  # (3, H, W) RGB -> (H, W) float64
    return 0.299 * image[0] + 0.587 * image[1] + 0.114 * image[2]


def np_resize(image, out_h, out_w):
    """Bilinear resize with pixel centres at +0.5 (OpenCV's INTER_LINEAR)."""
    def axis(out, size):
        src = np.maximum((np.arange(out) + 0.5) * size / out - 0.5, 0)
        low = np.minimum(np.floor(src).astype(int), size - 1)
        return low, np.minimum(low + 1, size - 1), src - low
    (r0, r1, fr), (c0, c1, fc) = axis(out_h, image.shape[0]), axis(out_w, image.shape[1])
    rows = image[r0] * (1 - fr)[:, None] + image[r1] * fr[:, None]
    return rows[:, c0] * (1 - fc) + rows[:, c1] * fc


def np_filter(image, taps):
    """2-D filter by the outer product of ``taps``, borders reflected (reflect-101)."""
    kernel, pad = np.outer(taps, taps), len(taps) // 2
    padded = np.pad(image, pad, mode='reflect')
    (height, width), out = image.shape, np.zeros_like(image)
    for dy in range(len(taps)):
        for dx in range(len(taps)):
            out += kernel[dy, dx] * padded[dy:dy + height, dx:dx + width]
    return out


def np_spectral_residual(grey):
    small = np_resize(grey, 64, 64)
    spectrum = np.fft.fft2(small)
    log_amplitude = np.log(np.abs(spectrum) + 1)
    residual = log_amplitude - np_filter(log_amplitude, [1 / 3] * 3)
    back = np.abs(np.fft.ifft2(np.exp(residual + 1j * np.angle(spectrum))))
    gauss = np.exp(-(np.arange(5) - 2)**2 / (2 * 8.0**2))
    saliency = np_filter(back, gauss / gauss.sum())**2
    return np_resize(saliency / saliency.max(), *grey.shape)


def np_fine_grained(grey):
    """Montabone & Soto as opencv_contrib's staticSaliencyFineGrained.cpp, pixel by
    pixel (in floating point, without its 8-bit rounding)."""
    height, width = grey.shape
    gray = np_filter(np_filter(grey, [0.25, 0.5, 0.25]), [0.25, 0.5, 0.25])
    integral = np.zeros((height + 1, width + 1))
    integral[1:, 1:] = gray.cumsum(0).cumsum(1)
    on, off = np.zeros_like(gray), np.zeros_like(gray)
    for n in (3 * 4, 3 * 4 * 2, 3 * 4 * 2 * 2, 7 * 4, 7 * 4 * 2, 7 * 4 * 2 * 2):
        for y in range(height):
            for x in range(width):
                x1, y1 = min(max(x - n + 1, 0), width), min(max(y - n + 1, 0), height)
                x2, y2 = min(max(x + n + 1, 0), width), min(max(y + n + 1, 0), height)
                total = (integral[y2, x2] + integral[y1, x1]
                         - integral[y2, x1] - integral[y1, x2])
                mean = (total - gray[y, x]) / ((x2 - x1) * (y2 - y1) - 1)
                on[y, x] += max(gray[y, x] - mean, 0)
                off[y, x] += max(mean - gray[y, x], 0)
    return on / on.max() + off / off.max()


def sample_images():
    """Two blobs under noise and plain noise. (On an exactly flat background most of a
    smooth blob's spectrum is ~0 and its phase, which the spectral residual keeps, is
    rounding noise: float32 and float64 maps then differ by ~1e-3, the peak does not.)"""
    torch.manual_seed(0)
    return torch.stack([blob_image(7, 30) + 0.2 * torch.randn(3, H, W),
                        torch.rand(3, H, W),
                        blob_image(*BLOBS[1]) + 0.05 * torch.randn(3, H, W)])


@pytest.mark.parametrize('name, numpy_version', [
    ('spectral_residual', np_spectral_residual), ('fine_grained', np_fine_grained)])
def test_detector_matches_direct_numpy(name, numpy_version):
    images = sample_images()
    ours = DETECTORS[name](images)
    assert ours.shape == (3, H, W)
    for image, saliency in zip(images, ours):
        expected = numpy_version(np_luma(image.double().numpy()))
        np.testing.assert_allclose(saliency.numpy(), expected, atol=2e-5)
        assert saliency.flatten().argmax() == int(np.argmax(expected))


def test_spectral_residual_matches_opencv_primitives():
    """StaticSaliencySpectralResidual::computeSaliencyImpl step by step with OpenCV's
    own kernels (the plain opencv-python wheel has them, not cv2.saliency)."""
    cv2 = pytest.importorskip('cv2')
    images = sample_images()
    ours = spectral_residual_saliency(images)
    for image, saliency in zip(images, ours):
        bgr = np.ascontiguousarray(image.numpy()[::-1].transpose(1, 2, 0))
        grey = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
        small = cv2.resize(grey, (64, 64), interpolation=cv2.INTER_LINEAR_EXACT)
        real = small.astype(np.float64)
        spectrum = cv2.dft(np.stack([real, np.zeros_like(real)], -1))
        magnitude, angle = cv2.cartToPolar(spectrum[..., 0], spectrum[..., 1])
        log_amplitude = cv2.log(magnitude + 1)
        magnitude = cv2.exp(log_amplitude - cv2.blur(log_amplitude, (3, 3)))
        real, imag = cv2.polarToCart(magnitude, angle)
        back = cv2.dft(np.stack([real, imag], -1), flags=cv2.DFT_INVERSE)
        magnitude, _ = cv2.cartToPolar(back[..., 0], back[..., 1])
        magnitude = cv2.GaussianBlur(magnitude, (5, 5), 8)**2
        expected = cv2.resize((magnitude / magnitude.max()).astype(np.float32), (W, H),
                              interpolation=cv2.INTER_LINEAR_EXACT)
        np.testing.assert_allclose(saliency.numpy(), expected, atol=1e-4)
        assert saliency.flatten().argmax() == int(np.argmax(expected))


def test_against_cv2_saliency_when_installed():
    saliency_module = pytest.importorskip('cv2.saliency')  # opencv-contrib only
    image = sample_images()[0]
    bgr = np.ascontiguousarray(image.numpy()[::-1].transpose(1, 2, 0))
    _, expected = saliency_module.StaticSaliencySpectralResidual_create(
    ).computeSaliency(bgr)
    np.testing.assert_allclose(spectral_residual_saliency(image[None])[0].numpy(),
                               expected, atol=1e-4)


def test_batched_saliency_equals_one_image_at_a_time():
    images = sample_images()
    for detector in DETECTORS.values():
        torch.testing.assert_close(detector(images),
                                   torch.cat([detector(i[None]) for i in images]))


@pytest.mark.parametrize('name', list(DETECTORS))
def test_peaks_on_planted_blobs(name):
    images = torch.stack([blob_image(*centre) for centre in BLOBS])
    assert saliency_peaks(DETECTORS[name](images)).tolist() == [list(b) for b in BLOBS]


def test_spectral_residual_finds_blobs_under_noise_to_one_pixel():
    rng = np.random.default_rng(0)
    centres = np.stack([rng.integers(3, H - 3, 16), rng.integers(3, W - 3, 16)], 1)
    torch.manual_seed(0)
    images = torch.stack([blob_image(*c) for c in centres.tolist()])
    images += 0.2 * torch.randn_like(images)
    peaks = saliency_peaks(spectral_residual_saliency(images)).numpy()
    assert np.abs(peaks - centres).max() <= 1


@pytest.mark.parametrize('saliency', list(DETECTORS))
def test_batch_mode_one_box_at_the_peak_of_sample_0s_partner(monkeypatch, device,
                                                              saliency):
    aug = SaliencyMix(per_image=False, saliency=saliency)
    images = torch.stack([blob_image(*centre) for centre in BLOBS]).to(device)
    plant(monkeypatch, lam=0.36, index=[2, 0, 1])
    mixed, scores = aug(images.clone(), one_hot([0, 1, 2]).to(device))
    # Partner of sample 0 is image 2, blob at row 18, col 25; sqrt(1 - 0.36) = 0.8:
    # half sides int(24 * 0.8) // 2 = 9 rows, int(40 * 0.8) // 2 = 16 cols, so
    # rows 9..27 -> 9..24 and cols 9..41 -> 9..40 after clipping: 15 x 31 pixels.
    box = (9, 9, 40, 24)
    lam = 1 - 15 * 31 / (H * W)
    assert aug.last_step['box'] == box
    assert aug.last_step['lam'] == pytest.approx(lam)
    assert aug.last_step['index'].tolist() == [2, 0, 1]
    partners = images[[2, 0, 1]]
    torch.testing.assert_close(mixed[..., 9:24, 9:40], partners[..., 9:24, 9:40])
    outside = torch.ones(H, W, dtype=torch.bool, device=device)
    outside[9:24, 9:40] = False
    torch.testing.assert_close(mixed[..., outside], images[..., outside])
    expected = lam * one_hot([0, 1, 2]) + (1 - lam) * one_hot([2, 0, 1])
    torch.testing.assert_close(scores, expected.to(device))
    torch.testing.assert_close(scores.sum(1), torch.ones(3, device=device))


@pytest.mark.parametrize('saliency', list(DETECTORS))
def test_elem_boxes_follow_each_partners_blob(monkeypatch, device, saliency):
    aug = SaliencyMix(mode='elem', saliency=saliency)
    images = torch.stack([blob_image(*centre) for centre in BLOBS]).to(device)
    plant(monkeypatch, lam=0.36, index=[1, 2, 0])
    mixed, scores = aug(images.clone(), one_hot([0, 1, 2]).to(device))
    # Half sides 9 rows, 16 cols (see above) around each partner's blob, clipped:
    # sample 0 <- blob (12, 20): rows 3..21, cols 4..36  -> 18 x 32 = 576
    # sample 1 <- blob (18, 25): rows 9..24, cols 9..40  -> 15 x 31 = 465
    # sample 2 <- blob (15, 9):  rows 6..24, cols 0..25  -> 18 x 25 = 450
    boxes = [(3, 21, 4, 36), (9, 24, 9, 40), (6, 24, 0, 25)]
    lams = torch.tensor([1 - 576 / 960, 1 - 465 / 960, 1 - 450 / 960], device=device)
    keep = torch.ones(3, 1, H, W, device=device)
    for k, (y1, y2, x1, x2) in enumerate(boxes):
        keep[k, :, y1:y2, x1:x2] = 0
    assert aug.last_step['boxes'].tolist() == [[x1, y1, x2, y2]
                                               for y1, y2, x1, x2 in boxes]
    torch.testing.assert_close(aug.last_step['lam'].float(), lams)
    torch.testing.assert_close(mixed, keep * images + (1 - keep) * images[[1, 2, 0]])
    expected = (lams[:, None] * one_hot([0, 1, 2]).to(device)
                + (1 - lams[:, None]) * one_hot([1, 2, 0]).to(device))
    torch.testing.assert_close(scores, expected)
    torch.testing.assert_close(scores.sum(1), torch.ones(3, device=device))
    # Labels by area: the kept share is the mask's mean.
    torch.testing.assert_close(keep.mean((1, 2, 3)), lams)


def test_lambda_by_area_over_random_draws_non_square():
    np.random.seed(0)
    torch.manual_seed(0)
    for mode in ('elem', 'pair', 'batch'):
        aug = SaliencyMix(alpha=1.0, mode=mode)
        for _ in range(10):
            images = torch.randn(4, 3, H, W)
            mixed, scores = aug(images.clone(), one_hot([0, 1, 2, 3]))
            index, lam = aug.last_step['index'], aug.last_step['lam']
            boxes = aug.last_step['boxes'] if mode != 'batch' else [aug.last_step['box']]
            kept = torch.ones(len(boxes), 1, H, W)
            for k, (x1, y1, x2, y2) in enumerate(torch.as_tensor(boxes).tolist()):
                kept[k, :, y1:y2, x1:x2] = 0
            torch.testing.assert_close(torch.as_tensor(lam).float(),
                                       kept.mean((1, 2, 3)).squeeze().float())
            torch.testing.assert_close(mixed, kept * images + (1 - kept) * images[index])
            torch.testing.assert_close(scores.sum(1), torch.ones(4))


def test_probability():
    np.random.seed(0)
    aug = SaliencyMix(prob=0.3, per_image=False)
    mixed_calls = 0
    for _ in range(200):
        _, scores = aug(torch.randn(2, 3, 8, 12), one_hot([0, 1]).long())
        assert scores.dtype == torch.float32
        mixed_calls += aug.last_step is not None
    # Binomial(200, 0.3): mean 60, standard deviation 6.5.
    assert abs(mixed_calls - 60) < 20
    never = SaliencyMix(prob=0.0)
    images = torch.randn(2, 3, 8, 12)
    mixed, _ = never(images.clone(), one_hot([0, 1]))
    torch.testing.assert_close(mixed, images)
    assert never.last_step is None


@pytest.mark.parametrize('kwargs, message', [
    (dict(alpha=0), r'alpha must be a number in \(0, inf\)'),
    (dict(alpha='1'), r'alpha must be a number in \(0, inf\)'),
    (dict(prob=1.5), r'prob must be a number in \[0, 1\]'),
    (dict(prob=-0.1), r'prob must be a number in \[0, 1\]'),
    (dict(per_image=1), 'per_image must be True or False'),
    (dict(per_image=False, mode='elem'), "per_image=False means mode='batch'"),
    (dict(mode='each'), "mode must be 'batch'"),
    (dict(saliency='itti'), "saliency must be one of .*'spectral_residual'")])
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        SaliencyMix(**kwargs)


def test_registered_and_a_drop_in_for_random_batch_augment(monkeypatch):
    from mmpretrain.models.utils.batch_augments import RandomBatchAugment
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        built = BATCH_AUGMENTS.build(dict(type='mmrecmix.SaliencyMix'))
        assert type(built) is SaliencyMix
        augment = RandomBatchAugment(
            augments=[dict(type='mmrecmix.SaliencyMix', alpha=1.0, per_image=False)],
            probs=[1.0])
    monkeypatch.setattr(np.random, 'beta', lambda a, b: 0.5)
    images = torch.randn(4, 3, H, W)
    mixed, scores = augment(images.clone(), one_hot([0, 1, 2, 3]))
    step = augment.augments[0].last_step
    x1, y1, x2, y2 = step['box']
    assert (x2 - x1) * (y2 - y1) > 0
    lam = step['lam']
    torch.testing.assert_close(scores, lam * one_hot([0, 1, 2, 3])
                               + (1 - lam) * one_hot(step['index']))
    torch.testing.assert_close(mixed[..., y1:y2, x1:x2],
                               images[step['index']][..., y1:y2, x1:x2])
    torch.testing.assert_close(scores.sum(1), torch.ones(4))


def test_defaults_are_the_references_and_per_image_maps_to_mode():
    aug = SaliencyMix()
    assert (aug.saliency, aug.mode) == ('fine_grained', 'batch')
    assert SaliencyMix(per_image=False).mode == 'batch'
    assert SaliencyMix(per_image=True).mode == 'elem'
    assert SaliencyMix(per_image=True, mode='elem').mode == 'elem'


def test_trains_through_the_runner_on_digits(tmp_path):
    runner = tiny_digits_run(tmp_path, dict(train_cfg=dict(augments=dict(
        type='mmrecmix.SaliencyMix', alpha=1.0, per_image=False))), train_size=32)
    augment = runner.model.data_preprocessor.batch_augments.augments[0]
    assert isinstance(augment, SaliencyMix) and augment.mode == 'batch'
    assert augment.last_step is not None
    assert math.isfinite(runner.message_hub.get_scalar('train/loss').current())
    assert osp.isfile(osp.join(tmp_path, 'epoch_1.pth'))
