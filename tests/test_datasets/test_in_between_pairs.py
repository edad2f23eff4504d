"""mmrecmix.InBetweenClassPairs (CutMix Fig. 5b): pairs of different classes fixed by
the seed, Mixup and CutMix images checked by hand, both classes on the data sample."""
import numpy as np
import pytest
import torch
from mmpretrain.datasets import BaseDataset

from mmrecmix.datasets.in_between import InBetweenClassPairs
from mmrecmix.evaluation.metrics.in_between import (MIX_LAM_KEY, PAIR_INDICES_KEY,
                                                     PAIR_LABELS_KEY)
from mmrecmix.registry import DATASETS

PACK = [dict(type='PackInputs')]


class Flat(BaseDataset):
    """Sample ``i``: a 4 x 6 image of grey level ``10 * (i + 1)``, class ``labels[i]``
    (``shapes`` gives other sizes)."""
    METAINFO = {'classes': ('a', 'b', 'c')}

    def __init__(self, labels=(0, 0, 1, 2, 1, 0), shapes=None, pipeline=PACK):
        self.labels, self.shapes = labels, shapes or [(4, 6)] * len(labels)
        super().__init__(ann_file='', pipeline=pipeline, test_mode=True,
                         serialize_data=False)

    def load_data_list(self):
        return [dict(img=np.full((*shape, 3), 10 * (i + 1), np.uint8), gt_label=label)
                for i, (label, shape) in enumerate(zip(self.labels, self.shapes))]


def digits(indices=40):
    return dict(type='mmrecmix.Digits', split='val', indices=indices, pipeline=PACK)


def test_pairs_are_of_different_classes_and_fixed_by_the_seed():
    pairs = DATASETS.build(dict(type='mmrecmix.InBetweenClassPairs', dataset=digits(),
                                num_pairs=200, seed=3))
    assert len(pairs) == 200 and pairs.metainfo['classes'][0] == '0'
    labels = pairs.labels[pairs.pairs]
    assert (labels[:, 0] != labels[:, 1]).all()
    # Both images of a pair range over the whole set (40 samples, 200 pairs).
    assert len(np.unique(pairs.pairs)) > 30
    wrapped = pairs.dataset  # built once (loading the digits takes a while)
    again = InBetweenClassPairs(wrapped, style='cutmix', num_pairs=200, seed=3)
    np.testing.assert_array_equal(pairs.pairs, again.pairs)  # the style draws nothing
    np.testing.assert_array_equal(pairs.box_draws, again.box_draws)
    other = InBetweenClassPairs(wrapped, num_pairs=200, seed=4)
    assert not np.array_equal(pairs.pairs, other.pairs)
    assert len(InBetweenClassPairs(wrapped)) == 40  # one pair per sample by default


def test_every_other_class_sample_can_be_the_second_image():
    """Flat's classes: 0 at indices 0, 1, 5; 1 at 2, 4; 2 at 3. The second image of
    a first image of class 0 is uniform over {2, 3, 4}."""
    pairs = InBetweenClassPairs(Flat(), num_pairs=3000)
    seconds = pairs.pairs[np.isin(pairs.pairs[:, 0], [0, 1, 5]), 1]
    counts = np.bincount(seconds, minlength=6)
    assert counts[[0, 1, 5]].sum() == 0
    assert counts[[2, 3, 4]] / counts.sum() == pytest.approx([1 / 3] * 3, abs=0.05)


def test_mixup_pixels_and_both_labels():
    labels = Flat().labels
    pairs = InBetweenClassPairs(Flat(), style='mixup', lam=0.25, num_pairs=20)
    for index in range(20):
        a, b = pairs.pairs[index].tolist()
        data = pairs[index]
        # Grey levels 10 (a + 1) and 10 (b + 1): 0.25 * 10 (a + 1) + 0.75 * 10 (b + 1).
        expected = 2.5 * (a + 1) + 7.5 * (b + 1)
        assert data['inputs'].dtype == torch.float32
        assert data['inputs'].shape == (3, 4, 6)
        assert torch.allclose(data['inputs'], torch.tensor(expected))
        sample = data['data_samples']
        assert sample.metainfo[PAIR_LABELS_KEY] == (labels[a], labels[b])
        assert sample.metainfo[PAIR_INDICES_KEY] == (a, b)
        assert sample.metainfo[MIX_LAM_KEY] == 0.25
        assert sample.gt_label.tolist() == [labels[a]]


@pytest.mark.parametrize('lam,box_pixels', [
    (0.75, 2 * 3),   # sqrt(0.25) = 0.5: 2 x 3 of 4 x 6, area 1/4 exactly
    (0.5, 3 * 4),    # 0.707: 2.83 -> 3 rows, 4.24 -> 4 columns: 12 of 24
    (0.0, 4 * 6),    # the whole image is b
    (1.0, 0),        # nothing of b
])
def test_cutmix_box_area_matches_lam_and_the_box_stays_inside(lam, box_pixels):
    pairs = InBetweenClassPairs(Flat(), style='cutmix', lam=lam, num_pairs=120)
    corners = set()
    for index in range(120):
        a, b = pairs.pairs[index].tolist()
        data = pairs[index]
        image = data['inputs']
        from_b = (image == 10 * (b + 1)).all(0)
        assert ((image == 10 * (a + 1)).all(0) | from_b).all()
        assert int(from_b.sum()) == box_pixels
        rows, cols = pairs.cutmix_box(index, 4, 6)
        assert from_b[rows, cols].all()
        corners.add((rows.start, cols.start))
        assert data['data_samples'].metainfo[MIX_LAM_KEY] == pytest.approx(
            1 - box_pixels / 24)
    if lam == 0.75:  # 3 x 4 positions keep a 2 x 3 box inside 4 x 6: all are drawn
        assert corners == {(r, c) for r in range(3) for c in range(4)}


def test_images_of_different_sizes_name_the_fix():
    pairs = InBetweenClassPairs(Flat(labels=(0, 1), shapes=[(4, 6), (5, 6)]),
                                num_pairs=1)
    with pytest.raises(ValueError, match=r'shapes \(3, \d, 6\) and \(3, \d, 6\).*Add a '
                       r"Resize \(or CenterCrop\) to the wrapped dataset's pipeline"):
        pairs[0]


def test_a_pipeline_without_packinputs_is_refused():
    pairs = InBetweenClassPairs(Flat(pipeline=[]), num_pairs=1)
    with pytest.raises(ValueError, match='end its pipeline with PackInputs'):
        pairs[0]


def test_one_class_is_not_enough():
    with pytest.raises(ValueError, match='all 3 samples of the wrapped dataset are of '
                       'class 1; in-between pairs need at least two classes'):
        InBetweenClassPairs(Flat(labels=(1, 1, 1)))


@pytest.mark.parametrize('kwargs,message', [
    (dict(style='cutout'), r"style must be one of \['mixup', 'cutmix'\]"),
    (dict(lam=1.5), r'lam must be a number in \[0, 1\]'),
    (dict(num_pairs=0), 'num_pairs must be an integer >= 1'),
    (dict(seed=-1), 'seed must be an integer >= 0'),
    (dict(seed=2**32), r'seed must be a number in \(-inf, 4294967296\)'),
])
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        InBetweenClassPairs(Flat(), **kwargs)
