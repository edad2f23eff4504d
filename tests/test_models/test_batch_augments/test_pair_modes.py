"""The mode contract of the pair mixes ('batch', 'pair', 'elem'): partners, odd
batches, per-sample labels equal to the kept pixel share, per-sample prob, the
in-place rule, the mode check and a Runner run in elem mode."""
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from conftest import tiny_digits_run

from mmrecmix.models.batch_augments import (CutMix, FMix, Mixup, PairMix, ResizeMix,
                                            SaliencyMix, SampleSwitch)
from mmrecmix.models.batch_augments.base import pair_partners
from mmrecmix.registry import BATCH_AUGMENTS

# Box and mask mixes whose kept share can be read off the pixels.
REGION_MIXES = {
    'CutMix': dict(type='mmrecmix.CutMix'),
    'CutMix minmax': dict(type='mmrecmix.CutMix', cutmix_minmax=(0.2, 0.8)),
    'CutMix resize': dict(type='mmrecmix.CutMix', resize=True),
    'ResizeMix': dict(type='mmrecmix.ResizeMix', interpolation='nearest'),
    'SaliencyMix': dict(type='mmrecmix.SaliencyMix'),
    'FMix': dict(type='mmrecmix.FMix'),
    'FMix reference': dict(type='mmrecmix.FMix', spectrum='reference'),
}


def one_hot(labels, num_classes):
    return F.one_hot(torch.as_tensor(labels), num_classes).float()


def id_images(num, height=6, width=10):
    """Sample i is the constant i + 1 (3 channels), so each pixel says whose it is."""
    return torch.arange(1., num + 1).view(-1, 1, 1, 1).expand(num, 3, height,
                                                              width).clone()


@pytest.mark.parametrize('num', [1, 2, 5, 8])
def test_pair_partners_are_disjoint_two_cycles(num):
    torch.manual_seed(num)
    index, draw_of, sources = pair_partners(num)
    assert (index[index] == torch.arange(num)).all()
    assert int((index == torch.arange(num)).sum()) == num % 2
    assert len(sources) == num // 2
    for k, source in enumerate(sources.tolist()):
        assert sorted((draw_of == k).nonzero().flatten().tolist()) == sorted(
            [source, int(index[source])])
    # The unpaired sample of an odd batch has the null draw.
    assert (draw_of[index == torch.arange(num)] == num // 2).all()


@pytest.mark.parametrize('mode', ['elem', 'pair'])
@pytest.mark.parametrize('name', list(REGION_MIXES))
def test_labels_are_the_kept_pixel_share_per_sample(name, mode):
    np.random.seed(0)
    torch.manual_seed(0)
    aug = BATCH_AUGMENTS.build(dict(REGION_MIXES[name], mode=mode))
    num = 7
    images = id_images(num)
    mixed, scores = aug(images.clone(), one_hot(range(num), num))
    lam, index = aug.last_step['lam'].float(), aug.last_step['index']
    own = torch.isclose(mixed, images).all(1).float().mean((1, 2))
    partner = torch.isclose(mixed, images[index]).all(1).float().mean((1, 2))
    moved = index != torch.arange(num)
    torch.testing.assert_close(own[moved], lam[moved])
    torch.testing.assert_close(own + partner, torch.ones(num) + (~moved).float())
    expected = lam[:, None] * one_hot(range(num), num) + (1 - lam[:, None]) * one_hot(
        index, num)
    torch.testing.assert_close(scores, expected)
    if mode == 'pair':
        # Partners swap the same region: pair members keep the same share.
        torch.testing.assert_close(lam[index], lam)
        assert int((lam == 1).sum()) >= 1  # the odd one out


@pytest.mark.parametrize('mode', ['elem', 'pair'])
def test_mixup_blends_each_sample_by_its_own_ratio(mode):
    np.random.seed(1)
    torch.manual_seed(1)
    aug = Mixup(alpha=1.0, mode=mode)
    images = torch.randn(5, 3, 6, 10)
    mixed, scores = aug(images.clone(), one_hot(range(5), 5))
    lam, index = aug.last_step['lam'].float(), aug.last_step['index']
    assert len(set(lam.tolist())) == (5 if mode == 'elem' else 3)
    weight = lam.view(-1, 1, 1, 1)
    torch.testing.assert_close(mixed, weight * images + (1 - weight) * images[index])
    torch.testing.assert_close(scores, lam[:, None] * torch.eye(5)
                               + (1 - lam[:, None]) * torch.eye(5)[index])


@pytest.mark.parametrize('mode, unit', [('elem', 1), ('pair', 2)])
def test_prob_is_per_sample_or_per_pair(mode, unit):
    np.random.seed(2)
    torch.manual_seed(2)
    aug = Mixup(prob=0.3, mode=mode)
    _, scores = aug(torch.zeros(2000, 1, 2, 2), one_hot(range(2000), 2000))
    unmixed = (aug.last_step['lam'] == 1).double()
    # Binomial(2000 / unit, 0.7) units: share 0.7, standard error 0.010 (pairs 0.014).
    assert unmixed.mean().item() == pytest.approx(0.7, abs=0.045)
    assert (scores.diagonal()[unmixed.bool()] == 1).all()
    if mode == 'pair':
        index = aug.last_step['index']
        assert (unmixed == unmixed[index]).all()


MODE_CLASSES = [CutMix, ResizeMix, Mixup, FMix, SaliencyMix]


@pytest.mark.parametrize('cls', MODE_CLASSES)
def test_mode_is_checked(cls):
    assert cls().mode == 'batch'
    with pytest.raises(ValueError, match=rf"{cls.__name__}: mode must be 'batch' .*"
                                         r"'pair' .* or 'elem' .*got 'sample'"):
        cls(mode='sample')


@pytest.mark.parametrize('mode', ['batch', 'pair', 'elem'])
@pytest.mark.parametrize('cls', MODE_CLASSES + [SampleSwitch])
def test_the_mix_is_written_into_the_callers_batch(cls, mode):
    """The in-place rule: the returned images are the caller's tensor."""
    np.random.seed(3)
    torch.manual_seed(3)
    if cls is SampleSwitch:
        aug = SampleSwitch([CutMix(mode=mode), Mixup(mode=mode)], probs=[0.5, 0.5])
    else:
        aug = cls(mode=mode)
    inputs = torch.randn(4, 3, 6, 10)
    clean = inputs.clone()
    mixed, scores = aug(inputs, one_hot([0, 1, 2, 3], 4))
    assert mixed is inputs and not torch.equal(inputs, clean)
    assert scores.dtype == torch.float32


def test_mixing_keeps_gradients_of_feature_maps():
    features = torch.randn(4, 3, 6, 10, requires_grad=True)
    for aug in (CutMix(mode='elem'), Mixup(mode='pair'), FMix(mode='elem'),
                ResizeMix(mode='elem')):
        mixed, _ = aug(features * 1, one_hot([0, 1, 2, 3], 4))
        (grad, ) = torch.autograd.grad(mixed.sum(), features)
        assert math.isclose(grad.sum().item(), features.numel(), rel_tol=0.5)


def test_pair_mixes_share_the_base():
    assert all(issubclass(cls, PairMix) for cls in MODE_CLASSES)


def test_elem_cutmix_trains_two_iterations_through_the_runner(tmp_path):
    runner = tiny_digits_run(tmp_path, dict(train_cfg=dict(augments=dict(
        type='mmrecmix.CutMix', alpha=1.0, mode='elem'))), train_size=32)
    augment = runner.model.data_preprocessor.batch_augments.augments[0]
    assert isinstance(augment, CutMix) and augment.mode == 'elem'
    assert runner.iter == 2
    assert augment.last_step['lam'].shape == (16, )
    assert augment.last_step['boxes'].shape == (16, 4)
    assert math.isfinite(runner.message_hub.get_scalar('train/loss').current())


def test_batched_fmix_masks_equal_one_mask_at_a_time():
    from mmrecmix.models.batch_augments.fmix import binarise_mask, binarise_masks
    torch.manual_seed(4)
    grey = torch.randn(3, 6, 10)
    kept, soft = np.array([20, 31, 45]), np.array([0, 5, 12])
    masks = binarise_masks(grey, kept, soft)
    for k in range(3):
        torch.testing.assert_close(masks[k], binarise_mask(grey[k], int(kept[k]),
                                                           int(soft[k])))
        assert masks[k].sum().item() == pytest.approx(kept[k])
