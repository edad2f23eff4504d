"""mmrecmix.AugMix (timm's augment-and-mix ops): the three views, the clean one
untouched, the mixing formula on a hand-checked chain, seeds, non-square images."""
import random

import numpy as np
import pytest
from conftest import FULL_TIER
from PIL import Image, ImageOps

import mmrecmix  # noqa: F401
from mmrecmix.datasets.transforms.augmix import REFERENCE_OPS
from mmrecmix.registry import TRANSFORMS

pytestmark = FULL_TIER


def image(height=24, width=40, seed=0):
    """A non-square uint8 RGB image with structure (a gradient plus noise), so that
    the geometric and colour operations change it."""
    rng = np.random.RandomState(seed)
    rows, cols = np.mgrid[0:height, 0:width]
    base = np.stack([rows * 4, cols * 3, (rows + cols) * 2], -1) + rng.randint(0, 40, (
        height, width, 3))
    return np.clip(base, 0, 255).astype(np.uint8)


def augmix(**kwargs):
    return TRANSFORMS.build(dict(type='mmrecmix.AugMix', **kwargs))


def seeded(transform, img, seed):
    random.seed(seed)
    np.random.seed(seed)
    return transform(dict(img=img))['img']


def test_three_views_the_clean_one_untouched_on_a_non_square_image():
    img = image()
    original = img.copy()
    views = seeded(augmix(), img, 0)
    assert isinstance(views, list) and len(views) == 3
    assert all(v.shape == (24, 40, 3) and v.dtype == np.uint8 for v in views)
    np.testing.assert_array_equal(views[0], original)
    np.testing.assert_array_equal(img, original)  # the input is not written to
    # Two independent mixtures, each different from the clean image.
    assert not np.array_equal(views[1], original)
    assert not np.array_equal(views[2], original)
    assert not np.array_equal(views[1], views[2])


def test_same_seeds_same_views_other_seeds_other_views():
    transform = augmix()
    img = image()
    first, again = seeded(transform, img, 3), seeded(transform, img, 3)
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)
    other = seeded(transform, img, 4)
    assert not np.array_equal(first[1], other[1])


def test_without_jsd_the_image_is_one_mixture():
    img = image()
    mixed = seeded(augmix(jsd=False), img, 0)
    assert isinstance(mixed, np.ndarray) and mixed.shape == img.shape
    np.testing.assert_array_equal(mixed, seeded(augmix(), img, 0)[1])


def test_one_autocontrast_chain_is_the_papers_blend(monkeypatch):
    """Width 1, depth 1, AutoContrast only (no random argument): with m forced to
    0.25 the mixture is 0.75 x + 0.25 autocontrast(x), to PIL's blend rounding."""
    img = (image() // 2 + 40).astype(np.uint8)  # a narrow range that autocontrast widens
    transform = augmix(width=1, depth=1, ops=['AutoContrast'], jsd=False)
    monkeypatch.setattr(np.random, 'beta', lambda a, b: 0.25)
    mixed = transform(dict(img=img))['img'].astype(np.float64)
    stretched = np.asarray(ImageOps.autocontrast(Image.fromarray(img)), np.float64)
    expected = 0.75 * img + 0.25 * stretched
    assert not np.allclose(stretched, img)
    assert np.abs(mixed - expected).max() <= 1.0


def test_op_sets_and_arguments():
    assert augmix().ops == REFERENCE_OPS
    timm_ops = augmix(ops='timm').ops
    assert len(timm_ops) == 13 and set(REFERENCE_OPS) < set(timm_ops)
    assert {'ColorIncreasing', 'ContrastIncreasing', 'BrightnessIncreasing',
            'SharpnessIncreasing'} == set(timm_ops) - set(REFERENCE_OPS)
    # The paper's defaults reach timm's AugMixAugment.
    transform = augmix()
    assert (transform.augment.width, transform.augment.depth, transform.augment.alpha) == (
        3, -1, 1.0)
    assert all(op.magnitude == 3 and op.magnitude_std == float('inf')
               for op in transform.augment.ops)
    with pytest.raises(ValueError, match='severity must be in 1-10'):
        augmix(severity=0)
    with pytest.raises(ValueError, match="ops must be 'reference', 'timm'"):
        augmix(ops=['Rotate', 'Blur'])
    with pytest.raises(TypeError, match='uint8 image'):
        augmix()(dict(img=image().astype(np.float32)))


def test_single_channel_images_keep_their_shape():
    grey = image()[..., :1]
    views = seeded(augmix(), grey, 0)
    assert [v.shape for v in views] == [(24, 40, 1)] * 3
    flat = seeded(augmix(), grey[..., 0], 0)
    assert [v.shape for v in flat] == [(24, 40)] * 3
    np.testing.assert_array_equal(flat[1], views[1][..., 0])
