"""mmrecmix.CenterOcclusion / BoundaryOcclusion (CutMix Fig. 5a): hand-drawn holes on
a non-square image, the two ends of the sweep and the argument checks."""
import numpy as np
import pytest

from mmrecmix.datasets.transforms.occlusion import (BoundaryOcclusion, CenterOcclusion,
                                                    centred_hole)
from mmrecmix.registry import TRANSFORMS

# 5 x 8, hole 3: rows start at (5 - 3) // 2 = 1, columns at (8 - 3) // 2 = 2 (2.5
# floored: the spare column is on the right).
HOLE_3 = """
........
..###...
..###...
..###...
........
"""
# Hole 6: rows start at (5 - 6) // 2 = -1 and are clipped to 0-4; columns 1-6.
HOLE_6 = """
.######.
.######.
.######.
.######.
.######.
"""


def drawn(picture: str) -> np.ndarray:
    return np.array([[c == '#' for c in row] for row in picture.split()])


def image(shape=(5, 8)) -> np.ndarray:
    """Distinct non-zero values, three channels."""
    values = np.arange(1, shape[0] * shape[1] + 1, dtype=np.uint8).reshape(shape)
    return np.stack([values, values + 100, values + 150], axis=-1)


def occlude(kind: str, size: int, img=None, **kwargs) -> np.ndarray:
    transform = TRANSFORMS.build(dict(type=f'mmrecmix.{kind}', size=size, **kwargs))
    img = image() if img is None else img
    return transform(dict(img=img))['img']


@pytest.mark.parametrize('size,picture', [(3, HOLE_3), (6, HOLE_6)])
def test_hand_drawn_holes_on_a_5x8_image(size, picture):
    hole = drawn(picture)
    original = image()
    centre = occlude('CenterOcclusion', size)
    boundary = occlude('BoundaryOcclusion', size)
    np.testing.assert_array_equal((centre == 0).all(-1), hole)
    np.testing.assert_array_equal(centre[~hole], original[~hole])
    np.testing.assert_array_equal((boundary == 0).all(-1), ~hole)
    np.testing.assert_array_equal(boundary[hole], original[hole])
    assert centre.dtype == boundary.dtype == np.uint8


def test_centred_hole_rounds_down_and_clips():
    assert centred_hole(5, 8, 3) == (slice(1, 4), slice(2, 5))
    assert centred_hole(5, 8, 4) == (slice(0, 4), slice(2, 6))  # even differences
    assert centred_hole(5, 8, 6) == (slice(0, 5), slice(1, 7))
    assert centred_hole(5, 8, 0) == (slice(2, 2), slice(4, 4))  # empty


@pytest.mark.parametrize('size', [8, 9, 100])
def test_a_hole_of_the_longer_side_or_more_covers_everything(size):
    assert (occlude('CenterOcclusion', size) == 0).all()
    np.testing.assert_array_equal(occlude('BoundaryOcclusion', size), image())


def test_size_zero_is_the_clean_image_in_the_centre_and_black_at_the_boundary():
    np.testing.assert_array_equal(occlude('CenterOcclusion', 0), image())
    assert (occlude('BoundaryOcclusion', 0) == 0).all()


def test_the_input_is_not_changed_in_place_and_pad_val_is_used():
    original = image()
    kept = original.copy()
    centre = occlude('CenterOcclusion', 3, original, pad_val=(7, 8, 9))
    occlude('BoundaryOcclusion', 3, original)
    np.testing.assert_array_equal(original, kept)
    assert centre[2, 3].tolist() == [7, 8, 9]
    grey = occlude('BoundaryOcclusion', 3, original[..., 0], pad_val=5)
    assert grey.shape == (5, 8) and grey[0, 0] == 5 and grey[2, 3] == original[2, 3, 0]


@pytest.mark.parametrize('size', [-1, 2.5, True, '16', None])
def test_invalid_sizes_name_the_fix(size):
    for kind in (CenterOcclusion, BoundaryOcclusion):
        with pytest.raises(ValueError, match=r'size must be a whole number of pixels >= 0'
                           r'.*Pass an int'):
            kind(size)


def test_invalid_pad_vals_name_the_fix():
    with pytest.raises(ValueError, match='pad_val must be a number'):
        CenterOcclusion(3, pad_val='black')
    with pytest.raises(ValueError, match='one value per channel'):
        occlude('CenterOcclusion', 3, pad_val=(1, 2))


def test_repr():
    assert repr(CenterOcclusion(16)) == 'CenterOcclusion(size=16, pad_val=0)'
    assert repr(BoundaryOcclusion(np.int64(4), pad_val=(1, 2, 3))) == \
        'BoundaryOcclusion(size=4, pad_val=(1, 2, 3))'
