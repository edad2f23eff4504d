"""The CutMix variants of the CutMix paper's Table 8, by hand: Gaussian centre, fixed
size, one-hot and half-half labels, the scheduled probability."""
import numpy as np
import pytest
import torch

from mmrecmix.models.batch_augments import CutMix
from mmrecmix.models.batch_augments.cutmix import label_share


def mixed(augment, size=32, num=2):
    inputs = torch.arange(num, dtype=torch.float32)[:, None, None, None].expand(
        num, 1, size, size).clone()
    return augment(inputs, torch.eye(num))


def test_gaussian_centre_and_fixed_size():
    """A vanishing deviation puts the centre at (16, 16); lambda 0.75 is a 16 x 16
    box: [8, 24) on both axes, a quarter of the image."""
    np.random.seed(0)
    torch.manual_seed(0)
    augment = CutMix(center_std=1e-9, fixed_lam=0.75)
    inputs, scores = mixed(augment)
    assert augment.last_step['box'] == (8, 8, 24, 24)
    assert augment.last_step['lam'] == 0.75
    index = augment.last_step['index']
    assert torch.equal(inputs[0, 0, 8:24, 8:24], torch.full((16, 16), float(index[0])))
    assert torch.allclose(scores, 0.75 * torch.eye(2) + 0.25 * torch.eye(2)[index])


def test_gaussian_centres_spread_by_the_deviation():
    np.random.seed(0)
    boxes, _ = CutMix(center_std=0.25).sample_boxes(32, 32, 4000)
    # Tiny boxes clip little: their centres ((x1 + x2) / 2) keep N(16, 8^2) roughly.
    boxes, _ = CutMix(center_std=0.25, fixed_lam=0.99).sample_boxes(32, 32, 4000)
    centres = (boxes[:, 0] + boxes[:, 2]) / 2
    assert centres.mean() == pytest.approx(16, abs=0.5)
    assert centres.std() == pytest.approx(8, abs=0.6)


def test_label_shares():
    lam = torch.tensor([0.75, 0.34, 0.5, 1.0])
    assert label_share(lam, 'larger').tolist() == [1, 0, 1, 1]
    assert label_share(lam, 'half').tolist() == [0.5, 0.5, 0.5, 1]
    assert label_share(0.34, 'larger') == 0.0 and label_share(1.0, 'half') == 1.0
    assert label_share(0.34, 'area') == 0.34


def test_one_hot_label_is_the_larger_part():
    """lambda 0.25 asks for a box of 3/4 the area: sides int(32 sqrt(0.75)) = 27 ->
    half 13 -> 26 x 26, so the image keeps 1 - 676/1024 of itself (< 0.5), and takes
    its partner's label whole."""
    np.random.seed(0)
    torch.manual_seed(0)
    augment = CutMix(center_std=1e-9, fixed_lam=0.25, label='larger')
    _, scores = mixed(augment)
    assert augment.last_step['lam'] == pytest.approx(1 - 676 / 1024)
    assert torch.equal(scores, torch.eye(2)[augment.last_step['index']])


@pytest.mark.parametrize('mode', ['batch', 'elem'])
def test_complete_label_is_half_half(mode):
    np.random.seed(1)
    torch.manual_seed(1)
    augment = CutMix(label='half', mode=mode)
    _, scores = mixed(augment, num=4)
    index = augment.last_step['index']
    own = torch.as_tensor(augment.last_step['lam']) == 1
    share = torch.where(own, 1.0, 0.5)
    expected = share[..., None] * torch.eye(4) + (1 - share[..., None]) * torch.eye(4)[index]
    assert torch.allclose(scores, expected)


def test_scheduled_probability():
    augment = CutMix(prob=1.0, scheduled_prob=True)
    assert augment.prob == 1.0  # before any report
    augment.set_progress(0.0)
    assert augment.prob == 0.0
    inputs, scores = mixed(augment)
    assert augment.last_step is None and torch.equal(scores, torch.eye(2))
    augment.set_progress(0.3)
    assert augment.prob == pytest.approx(0.3)
    fixed = CutMix(prob=0.5)
    fixed.set_progress(0.3)
    assert fixed.prob == 0.5


def test_refused_options():
    with pytest.raises(ValueError, match='label'):
        CutMix(label='onehot')
    with pytest.raises(ValueError, match='cutmix_minmax'):
        CutMix(cutmix_minmax=(0.2, 0.8), center_std=0.25)
    with pytest.raises(ValueError, match='fixed_lam'):
        CutMix(fixed_lam=1.0)
