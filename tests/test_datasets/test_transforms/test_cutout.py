"""mmrecmix.Cutout: the reference's placement, checked on hand-computed holes."""
import numpy as np
import pytest

import mmrecmix  # noqa: F401
from mmrecmix.registry import TRANSFORMS


def cut(centre, shape, size=(20, 30), **kwargs):
    """The hole (a bool map) cut around ``centre = (row, col)`` in a ``size`` image."""
    cutout = TRANSFORMS.build(dict(type='mmrecmix.Cutout', shape=shape, pad_val=7,
                                   **kwargs))
    draws = iter(centre)
    original = np.random.randint
    np.random.randint = lambda high: next(draws)
    try:
        img = cutout(dict(img=np.full((*size, 3), 200, np.uint8)))['img']
    finally:
        np.random.randint = original
    assert set(np.unique(img)) <= {7, 200}
    return (img == 7).all(-1)


@pytest.mark.parametrize('centre,rows,cols', [
    ((10, 15), (2, 18), (7, 23)),    # inside: the full 16 x 16
    ((0, 0), (0, 8), (0, 8)),        # top-left corner: clipped to 8 x 8
    ((19, 29), (11, 20), (21, 30)),  # bottom-right corner: 9 x 9
    ((3, 26), (0, 11), (18, 30)),    # clipped on two sides
])
def test_hole_is_centred_and_clipped_on_every_side(centre, rows, cols):
    hole = cut(centre, 16)
    expected = np.zeros_like(hole)
    expected[rows[0]:rows[1], cols[0]:cols[1]] = True
    np.testing.assert_array_equal(hole, expected)


def test_rectangular_hole_on_a_non_square_image():
    hole = cut((10, 15), (4, 12))
    assert hole.sum() == 4 * 12 and hole[8:12, 9:21].all()


def test_mean_area_matches_uniform_centres():
    """Uniform centres on 32 x 32 with a 16 x 16 hole: E[side] = 14.0 (rows and
    columns independent), so E[area] = 196.0 for the reference's rule."""
    cutout = TRANSFORMS.build(dict(type='mmrecmix.Cutout', shape=16))
    np.random.seed(0)
    image = np.full((32, 32, 3), 255, np.uint8)
    areas = [(cutout(dict(img=image))['img'][..., 0] == 0).sum() for _ in range(4000)]
    sides = [min(c + 8, 32) - max(c - 8, 0) for c in range(32)]
    assert np.mean(sides) == 14.0
    assert np.mean(areas) == pytest.approx(14.0 ** 2, rel=0.02)


def test_prob_and_bad_arguments():
    image = np.full((8, 8, 3), 9, np.uint8)
    never = TRANSFORMS.build(dict(type='mmrecmix.Cutout', shape=4, prob=0.0))
    assert (never(dict(img=image))['img'] == 9).all()
    with pytest.raises(ValueError, match='shape must be >= 1'):
        TRANSFORMS.build(dict(type='mmrecmix.Cutout', shape=(0, 4)))
    with pytest.raises(ValueError, match=r'prob must be in \[0, 1\]'):
        TRANSFORMS.build(dict(type='mmrecmix.Cutout', shape=4, prob=1.5))
