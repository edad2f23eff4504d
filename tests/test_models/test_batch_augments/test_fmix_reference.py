"""mmrecmix.FMix(spectrum='reference'): the reference code's masks, bit for bit."""
import math

import numpy as np
import pytest
import torch
from scipy.stats import beta

from mmrecmix.models.batch_augments import FMix
from mmrecmix.models.batch_augments.fmix import reference_low_frequency_image


# Our transcription of ecs-vlc/FMix fmix.py (e5991dc), 2-D case, one channel. Its
# rounding coin is Python's ``random.random() > 0.5``; here it is the NumPy coin
# FMix draws, so one NumPy seed fixes every draw.
def ref_fftfreqnd(h, w):
    fy = np.expand_dims(np.fft.fftfreq(h), -1)
    fx = np.fft.fftfreq(w)[: w // 2 + 2] if w % 2 == 1 else np.fft.fftfreq(w)[: w // 2 + 1]
    return np.sqrt(fx * fx + fy * fy + 0 * 0)


def ref_get_spectrum(freqs, decay_power, ch, h, w):
    scale = np.ones(1) / (np.maximum(freqs, np.array([1. / max(w, h, 0)])) ** decay_power)
    param = np.random.randn(*([ch] + list(freqs.shape) + [2]))
    scale = np.expand_dims(scale, -1)[None, :]
    return scale * param


def ref_make_low_freq_image(decay, shape):
    freqs = ref_fftfreqnd(*shape)
    spectrum = ref_get_spectrum(freqs, decay, 1, *shape)
    spectrum = spectrum[:, 0] + 1j * spectrum[:, 1]
    mask = np.real(np.fft.irfftn(spectrum, shape, axes=(-2, -1)))  # the old default axes
    mask = mask[:1, :shape[0], :shape[1]]
    mask = mask - mask.min()
    return mask / mask.max()


def ref_binarise_mask(mask, lam, in_shape, max_soft):
    idx = mask.reshape(-1).argsort()[::-1]
    mask = mask.reshape(-1)
    num = math.ceil(lam * mask.size) if np.random.rand() < 0.5 else math.floor(lam * mask.size)
    eff_soft = max_soft
    if max_soft > lam or max_soft > (1 - lam):
        eff_soft = min(lam, 1 - lam)
    soft = int(mask.size * eff_soft)
    num_low, num_high = num - soft, num + soft
    mask[idx[:num_high]] = 1
    mask[idx[num_low:]] = 0
    mask[idx[num_low:num_high]] = np.linspace(1, 0, (num_high - num_low))
    return mask.reshape((1, *in_shape)), num


def ref_sample_mask(alpha, decay_power, shape, max_soft):
    lam = beta.rvs(alpha, alpha)  # scipy draws from NumPy's global RandomState
    grey = ref_make_low_freq_image(decay_power, shape)
    return ref_binarise_mask(grey, lam, shape, max_soft)


# Square, non-square with H above and below the reference's K bins, odd width.
SHAPES = [(32, 32), (24, 40), (8, 40), (20, 33)]


@pytest.mark.parametrize('shape', SHAPES)
def test_grey_image_is_the_references(shape):
    np.random.seed(3)
    ours = reference_low_frequency_image(*shape, decay_power=3.0)
    np.random.seed(3)
    theirs = ref_make_low_freq_image(3.0, shape)[0]
    assert ours.dtype == torch.float64 and ours.shape == shape
    assert torch.equal(ours, torch.from_numpy(theirs))


@pytest.mark.parametrize('shape', SHAPES)
def test_hard_masks_equal_the_references_bit_for_bit(shape):
    aug = FMix(alpha=1.0, spectrum='reference')
    for seed in range(8):
        np.random.seed(seed)
        mask, share = aug.sample_mask(*shape)
        np.random.seed(seed)
        theirs, num = ref_sample_mask(1.0, 3, shape, 0.0)
        assert mask.shape == shape and mask.dtype == torch.float32
        assert torch.equal(mask.double(), torch.from_numpy(theirs[0]))
        assert share == num / (shape[0] * shape[1])


def test_soft_masks_equal_the_references():
    aug = FMix(alpha=1.0, max_soft=0.1, spectrum='reference')
    np.random.seed(5)
    mask, _ = aug.sample_mask(24, 40)
    np.random.seed(5)
    theirs, _ = ref_sample_mask(1.0, 3, (24, 40), 0.1)
    assert 0 < ((mask > 0) & (mask < 1)).sum() <= 2 * 96
    torch.testing.assert_close(mask.double(), torch.from_numpy(theirs[0]))


def rows_with_one_circular_run(mask):
    """Per row: True where its ones form a single run when the row wraps around."""
    changes = (mask != mask.roll(1, dims=1)).sum(dim=1)
    return changes <= 2


def test_every_reference_row_is_one_circular_run_non_square():
    reference, paper = FMix(spectrum='reference'), FMix()
    paper_rows_split = 0
    for seed in range(10):
        np.random.seed(seed)
        torch.manual_seed(seed)
        mask, _ = reference.sample_mask(24, 40)
        assert rows_with_one_circular_run(mask).all()
        # The width spectrum: only the bins of frequencies 0 and 1/W carry energy.
        np.random.seed(seed)
        grey = reference_low_frequency_image(24, 40, 3.0)
        energy = torch.fft.rfft(grey, dim=1).abs().pow(2).sum(dim=0)
        assert energy[2:].max() < 1e-20 * energy[:2].sum()
        paper_rows_split += (~rows_with_one_circular_run(paper.sample_mask(24, 40)[0])).sum()
    assert paper_rows_split > 0  # the paper's full spectrum does split rows


def test_row_runs_by_hand():
    # Wrapping rows: 1 1 0 0 1 is one run, 1 0 1 0 0 is two, all-0 and all-1 are fine.
    mask = torch.tensor([[1, 1, 0, 0, 1], [1, 0, 1, 0, 0], [0, 0, 0, 0, 0], [1, 1, 1, 1, 1]])
    assert rows_with_one_circular_run(mask).tolist() == [True, False, True, True]


def test_reference_mix_on_device_and_bad_spectrum(device):
    np.random.seed(0)
    aug = FMix(spectrum='reference')
    inputs = torch.randn(3, 2, 24, 40, device=device)
    mixed, scores = aug(inputs, torch.eye(3, device=device))
    mask = aug.last_step['mask']
    assert mask.device.type == device.type and mixed.shape == inputs.shape
    torch.testing.assert_close(scores.sum(dim=1), torch.ones(3, device=device))
    with pytest.raises(ValueError, match='spectrum'):
        FMix(spectrum='full')
    with pytest.raises(ValueError, match='height'):
        reference_low_frequency_image(1, 8, 3.0)
