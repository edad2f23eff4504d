"""The OOD detection test sets: NoiseImages (ODIN's uniform and Gaussian noise, fixed
seed) and OODTestSet (in-distribution set + named OOD sets, each OOD sample stamped
with its set's name)."""
import cv2
import numpy as np
import pytest
import torch
from mmengine.dataset import pseudo_collate

from mmrecmix.datasets import NoiseImages, OODTestSet
from mmrecmix.evaluation.metrics.ood import OOD_SET_KEY
from mmrecmix.registry import DATASETS, MODELS

PACK = [dict(type='PackInputs')]


def noise(kind='gaussian', **kwargs):
    return dict(type='mmrecmix.NoiseImages', noise=kind, **kwargs)


def digits(indices=6, pipeline=PACK):
    return dict(type='mmrecmix.Digits', split='val', indices=indices, pipeline=pipeline)


@pytest.mark.parametrize('kind', NoiseImages.NOISES)
def test_noise_images_are_fixed_by_the_seed(kind):
    images = NoiseImages(kind, size=(6, 5), num_images=4)
    again = NoiseImages(kind, size=(6, 5), num_images=4)
    other_seed = NoiseImages(kind, size=(6, 5), num_images=4, seed=1)
    assert len(images) == 4
    first = images[0]['img']
    assert first.shape == (6, 5, 3) and first.dtype == np.uint8
    for i in range(4):
        np.testing.assert_array_equal(images[i]['img'], again[i]['img'])
        assert not np.array_equal(images[i]['img'], other_seed[i]['img'])
    assert not np.array_equal(images[0]['img'], images[1]['img'])
    # Read in any order, the images are the same; a subset keeps the full set's images.
    np.testing.assert_array_equal(images[3]['img'], NoiseImages(kind, size=(6, 5))[3]['img'])
    subset = NoiseImages(kind, size=(6, 5), num_images=4, indices=[2, 3])
    np.testing.assert_array_equal(subset[0]['img'], images[2]['img'])
    assert images.get_data_info(1)['ori_shape'] == (6, 5)
    assert 'gt_label' not in images.get_data_info(1)


def test_noise_distributions_follow_odin():
    pixels = 16 * 16 * 3 * 40
    uniform, gaussian = (
        np.stack([images[i]['img'] for i in range(40)]).astype(np.float64)
        for images in (NoiseImages(kind, size=16, num_images=40)
                       for kind in ('uniform', 'gaussian')))
    assert uniform.size == gaussian.size == pixels
    # U[0, 1] scaled to 0-255: mean 127.5, sd 255 / sqrt(12) = 73.6; every level used.
    assert uniform.mean() == pytest.approx(127.5, abs=2.0)
    assert uniform.std() == pytest.approx(73.6, abs=1.5)
    assert len(np.unique(uniform)) == 256
    # N(0.5, 1) clipped to [0, 1]: P(x < 0) = P(x > 1) = Phi(-0.5) = 0.3085, and by
    # symmetry around 0.5 the mean stays at 127.5.
    assert np.mean(gaussian == 0) == pytest.approx(0.3085, abs=0.01)
    assert np.mean(gaussian == 255) == pytest.approx(0.3085, abs=0.01)
    assert gaussian.mean() == pytest.approx(127.5, abs=2.0)


@pytest.mark.parametrize('kwargs, match', [
    (dict(noise='salt'), 'noise must be one of'),
    (dict(noise='uniform', size=0), 'size must be'),
    (dict(noise='uniform', size=(4, 4, 3)), 'size must be'),
    (dict(noise='uniform', size=2.5), 'size must be'),
    (dict(noise='uniform', num_images=0), 'num_images must be'),
    (dict(noise='uniform', channels=0), 'channels must be'),
    (dict(noise='uniform', seed=-1), 'seed must be'),
    (dict(noise='uniform', seed=2**32), 'seed must be'),
    (dict(noise='uniform', seed=True), 'seed must be'),
])
def test_noise_images_check_their_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        NoiseImages(**kwargs)


def test_ood_test_set_stamps_each_ood_sample_with_its_set():
    dataset = DATASETS.build(dict(
        type='mmrecmix.OODTestSet', in_dist=digits(6),
        ood_sets=dict(Gaussian=noise('gaussian', size=8, num_images=3, pipeline=PACK),
                      Uniform=noise('uniform', size=8, num_images=2, pipeline=PACK))))
    assert isinstance(dataset, OODTestSet)
    assert len(dataset) == 11
    assert dataset.metainfo['classes'] == tuple(str(d) for d in range(10))
    expected = [None] * 6 + ['Gaussian'] * 3 + ['Uniform'] * 2
    assert [dataset.ood_set_of(i) for i in range(11)] == expected
    for i, name in enumerate(expected):
        sample = dataset[i]['data_samples']
        assert sample.get(OOD_SET_KEY) == name
        assert dataset.get_data_info(i).get(OOD_SET_KEY) == name
        if name is None:  # the digit keeps its label
            assert sample.gt_label.tolist() == [dataset.get_data_info(i)['gt_label']]
        else:  # an empty one, so that a batch of both kinds is batched
            assert sample.gt_label.numel() == 0
    # The OOD images are the noise sets' own.
    np.testing.assert_array_equal(
        dataset[7]['inputs'].permute(1, 2, 0).numpy(),
        NoiseImages('gaussian', size=8, num_images=3)[1]['img'])


def test_a_mixed_batch_goes_through_the_data_preprocessor():
    dataset = OODTestSet(in_dist=digits(2), ood_sets=dict(
        Noise=noise(size=8, num_images=2, pipeline=PACK)))
    preprocessor = MODELS.build(dict(type='ClsDataPreprocessor', num_classes=10))
    for order in ([0, 2, 1, 3], [2, 0, 3, 1]):  # first sample labelled or not
        batch = preprocessor(pseudo_collate([dataset[i] for i in order]))
        assert batch['inputs'].shape == (4, 3, 8, 8)
        names = [s.get(OOD_SET_KEY) for s in batch['data_samples']]
        assert names == [None if i < 2 else 'Noise' for i in order]


def test_ood_sets_may_be_image_folders_without_classes(tmp_path):
    # An OOD set as a plain folder of images read by mmpretrain's CustomDataset: its
    # metainfo has no classes, unlike the in-distribution set's.
    folder = tmp_path / 'LSUN_crop' / 'test'
    folder.mkdir(parents=True)
    for i in range(3):
        cv2.imwrite(str(folder / f'{i}.png'), np.full((8, 8, 3), 40 * i, np.uint8))
    dataset = OODTestSet(
        in_dist=digits(4),
        ood_sets=dict(LSUN_crop=dict(
            type='CustomDataset', data_root=str(tmp_path / 'LSUN_crop'),
            with_label=False,
            pipeline=[dict(type='LoadImageFromFile'), dict(type='PackInputs')])))
    assert len(dataset) == 7
    assert dataset[5]['data_samples'].get(OOD_SET_KEY) == 'LSUN_crop'
    assert dataset[5]['inputs'].shape == (3, 8, 8)
    assert 'classes' in dataset.metainfo


def test_datasets_may_be_given_built_and_lazily():
    in_dist = DATASETS.build(digits(3))
    dataset = OODTestSet(in_dist=in_dist, lazy_init=True,
                         ood_sets=dict(Noise=NoiseImages('uniform', size=8, num_images=2,
                                                         pipeline=PACK)))
    assert dataset[4]['data_samples'].get(OOD_SET_KEY) == 'Noise'
    assert len(dataset) == 5


def test_a_pipeline_without_packing_gets_the_name_in_its_dict():
    dataset = OODTestSet(in_dist=digits(2, pipeline=[]),
                         ood_sets=dict(Noise=noise(size=8, num_images=1)))
    assert dataset[2][OOD_SET_KEY] == 'Noise'
    assert OOD_SET_KEY not in dataset[0]


@pytest.mark.parametrize('ood_sets, match', [
    ({}, 'non-empty dict'),
    ([noise()], 'non-empty dict'),
    (dict(mean=noise()), "other than 'mean'"),
    ({'': noise()}, 'non-empty strings'),
    ({3: noise()}, 'non-empty strings'),
])
def test_ood_test_set_checks_its_sets(ood_sets, match):
    with pytest.raises(ValueError, match=match):
        OODTestSet(in_dist=digits(2), ood_sets=ood_sets)


def test_an_empty_set_is_named():
    # (mmengine's serialisation refuses an empty data list before; unserialised, or a
    # dataset of one's own, an empty set reaches OODTestSet.)
    with pytest.raises(ValueError, match="OOD set 'Noise' is empty"):
        OODTestSet(in_dist=digits(2), ood_sets=dict(
            Noise=noise(size=8, num_images=2, indices=0, serialize_data=False)))
    with pytest.raises(ValueError, match='in-distribution set is empty'):
        OODTestSet(in_dist=dict(digits(0), serialize_data=False),
                   ood_sets=dict(Noise=noise(size=8, num_images=2)))


def test_test_time_augmentation_lists_are_stamped():
    # mmcv's TestTimeAug packs a list of data samples per image (its steps are built
    # in mmengine's scope here, without a Runner: hence the scope prefix).
    tta = dict(type='TestTimeAug', transforms=[
        [dict(type='RandomFlip', prob=1.0), dict(type='RandomFlip', prob=0.0)],
        [dict(type='mmpretrain.PackInputs')]])
    dataset = OODTestSet(in_dist=digits(1), ood_sets=dict(
        Noise=noise(size=8, num_images=1, pipeline=[tta])))
    samples = dataset[1]['data_samples']
    assert isinstance(samples, list) and len(samples) == 2
    assert all(s.get(OOD_SET_KEY) == 'Noise' for s in samples)
    assert all(torch.is_tensor(s.gt_label) and s.gt_label.numel() == 0 for s in samples)
