"""The common-corruption readers on generated trees in the publisher's layouts:
CIFARCorrupted (CIFAR-10-C / CIFAR-100-C, ``<corruption>.npy`` + ``labels.npy``, memory
mapped) and ImageNetCorrupted (ImageNet-C, ``<corruption>/<severity>/<wnid>/*.JPEG``);
each sample stamped with its corruption and severity; wrong layouts refused by name."""
import os
import pickle

import cv2
import numpy as np
import pytest

from mmrecmix.datasets.corruption import CIFARCorrupted, ImageNetCorrupted
from mmrecmix.evaluation.metrics.corruption import (CORRUPTION_KEY, CORRUPTIONS_ALL,
                                                    CORRUPTIONS_MAIN, SEVERITY_KEY)
from mmrecmix.registry import DATASETS

PACK = [dict(type='PackInputs')]
BLOCK = 2  # images per severity in the generated arrays (10,000 in the published ones)


def make_cifar_c(root, corruptions=('fog', 'snow'), block=BLOCK):
    """A CIFAR-C folder: image ``i`` of corruption number ``k`` is filled with
    ``50 k + i`` (so ``i`` runs over the 5 blocks), label ``i % 10``."""
    os.makedirs(root, exist_ok=True)
    np.save(os.path.join(root, 'labels.npy'), np.arange(5 * block, dtype=np.uint8) % 10)
    for k, name in enumerate(corruptions):
        values = (50 * k + np.arange(5 * block)).astype(np.uint8)
        np.save(os.path.join(root, f'{name}.npy'),
                np.broadcast_to(values[:, None, None, None], (5 * block, 32, 32, 3)))
    return str(root)


def make_imagenet_c(root, corruptions=('fog', 'snow'), severities=(1, 2),
                    wnids=('n02', 'n01'), per_wnid=2):
    """An ImageNet-C tree of 8 x 8 JPEGs, the wnids made in unsorted order."""
    for corruption in corruptions:
        for severity in severities:
            for wnid in wnids:
                folder = os.path.join(root, corruption, str(severity), wnid)
                os.makedirs(folder)
                for i in range(per_wnid):
                    cv2.imwrite(os.path.join(folder, f'ILSVRC2012_val_{i}.JPEG'),
                                np.full((8, 8, 3), 30 * i, np.uint8))
    return str(root)


def test_cifar_reads_the_blocks_of_the_chosen_corruptions_and_severities(tmp_path):
    root = make_cifar_c(tmp_path / 'CIFAR-10-C')
    dataset = DATASETS.build(dict(type='mmrecmix.CIFARCorrupted', data_root=root,
                                  corruptions=['snow', 'fog'], severities=[2, 5],
                                  block_size=BLOCK, pipeline=PACK))
    assert isinstance(dataset, CIFARCorrupted)
    assert len(dataset) == 2 * 2 * BLOCK
    expected = [(name, k, severity, i) for name, k in (('snow', 1), ('fog', 0))
                for severity in (2, 5) for i in range(BLOCK)]
    for idx, (name, k, severity, i) in enumerate(expected):
        index = (severity - 1) * BLOCK + i
        data = dataset[idx]
        sample = data['data_samples']
        assert sample.get(CORRUPTION_KEY) == name and sample.get(SEVERITY_KEY) == severity
        assert sample.gt_label.tolist() == [index % 10]
        assert data['inputs'].shape == (3, 32, 32)
        assert (data['inputs'] == 50 * k + index).all()
        info = dataset.get_data_info(idx)
        assert (info[CORRUPTION_KEY], info[SEVERITY_KEY]) == (name, severity)
        assert info['img'].dtype == np.uint8 and info['img_shape'] == (32, 32)


def test_cifar_arrays_are_memory_mapped_and_not_pickled(tmp_path):
    dataset = CIFARCorrupted(make_cifar_c(tmp_path), corruptions=['fog', 'snow'],
                             block_size=BLOCK)
    assert all(isinstance(a, np.memmap) for a in dataset._arrays.values())
    # A worker's copy carries the sample list, not the images: it maps the files again.
    blob = pickle.dumps(dataset)
    assert len(blob) < 32 * 32 * 3 * 5 * BLOCK
    copy = pickle.loads(blob)
    assert copy._arrays == {}
    for idx in (0, 7, 19):
        np.testing.assert_array_equal(copy[idx]['img'], dataset[idx]['img'])
    assert isinstance(copy._arrays['snow'], np.memmap)
    # An image is copied out of the map, so a transform may write into it.
    image = dataset[0]['img']
    image[:] = 1
    assert dataset[0]['img'][0, 0, 0] == 0


@pytest.mark.parametrize('corruptions, names', [('all', CORRUPTIONS_ALL),
                                                ('main', CORRUPTIONS_MAIN)])
def test_cifar_presets_are_the_publishers_file_names(tmp_path, corruptions, names):
    root = make_cifar_c(tmp_path, corruptions=CORRUPTIONS_ALL)
    dataset = CIFARCorrupted(root, corruptions=corruptions, block_size=BLOCK)
    assert len(CORRUPTIONS_ALL) == 19 and len(CORRUPTIONS_MAIN) == 15
    assert len(dataset) == len(names) * 5 * BLOCK
    assert dataset.corruptions == names
    assert CIFARCorrupted(root, block_size=BLOCK).corruptions == CORRUPTIONS_ALL


def test_a_pipeline_without_packing_keeps_the_keys_in_its_dict(tmp_path):
    dataset = CIFARCorrupted(make_cifar_c(tmp_path), corruptions=['snow'], severities=[3],
                             block_size=BLOCK)
    assert dataset[1][CORRUPTION_KEY] == 'snow' and dataset[1][SEVERITY_KEY] == 3


def _break(root, what):
    """Damage a generated CIFAR-C folder as ``what`` says."""
    fog = os.path.join(root, 'fog.npy')
    if what == 'no labels':
        os.remove(os.path.join(root, 'labels.npy'))
    elif what == 'no snow':
        os.remove(os.path.join(root, 'snow.npy'))
    elif what == 'labels too short':
        np.save(os.path.join(root, 'labels.npy'), np.zeros(5 * BLOCK - 1, np.uint8))
    elif what == 'float labels':
        np.save(os.path.join(root, 'labels.npy'), np.zeros(5 * BLOCK, np.float32))
    elif what == 'grey images':
        np.save(fog, np.zeros((5 * BLOCK, 32, 32), np.uint8))
    elif what == 'float images':
        np.save(fog, np.zeros((5 * BLOCK, 32, 32, 3), np.float32))
    elif what == 'images not matching labels':
        np.save(fog, np.zeros((5 * BLOCK + 2, 32, 32, 3), np.uint8))
    elif what == 'not an array':
        with open(fog, 'wb') as f:
            f.write(b'not numpy')


@pytest.mark.parametrize('what, error, match', [
    ('no labels', FileNotFoundError, r"\['labels.npy'\] not found.*found \['fog.npy', "
                                     r"'snow.npy'\]"),
    ('no snow', FileNotFoundError, r"\['snow.npy'\] not found.*corruptions="),
    ('labels too short', ValueError, r'labels.npy holds a uint8 array of shape \(9,\); '
                                     r'expected 5 severities x block_size 2 = 10'),
    ('float labels', ValueError, 'labels.npy holds a float32 array'),
    ('grey images', ValueError, r'fog.npy holds a uint8 array of shape \(10, 32, 32\); '
                                r'expected uint8 of shape \(10, 32, 32, 3\)'),
    ('float images', ValueError, 'fog.npy holds a float32 array'),
    ('images not matching labels', ValueError, r'shape \(12, 32, 32, 3\)'),
    ('not an array', ValueError, 'fog.npy is not a readable .npy array'),
])
def test_cifar_refuses_a_wrong_layout_naming_it(tmp_path, what, error, match):
    root = make_cifar_c(tmp_path)
    _break(root, what)
    with pytest.raises(error, match=match):
        CIFARCorrupted(root, corruptions=['fog', 'snow'], block_size=BLOCK)


def test_cifar_block_size_is_the_publishers_by_default(tmp_path):
    with pytest.raises(ValueError, match='5 severities x block_size 10000 = 50000'):
        CIFARCorrupted(make_cifar_c(tmp_path), corruptions=['fog'])
    with pytest.raises(FileNotFoundError, match='is not a folder; it should hold '
                                                '<corruption>.npy'):
        CIFARCorrupted(str(tmp_path / 'absent'))


@pytest.mark.parametrize('kwargs, match', [
    (dict(corruptions='everything'), "corruptions must be 'all'"),
    (dict(corruptions=[]), 'non-empty list of distinct'),
    (dict(corruptions=['fog', 'fog']), 'non-empty list of distinct'),
    (dict(corruptions=['../fog']), 'non-empty list of distinct'),
    (dict(corruptions=['mean']), 'non-empty list of distinct'),
    (dict(severities=[0]), 'severities must be'),
    (dict(severities=[6]), 'severities must be'),
    (dict(severities=[]), 'severities must be'),
    (dict(severities=[1, 1]), 'severities must be'),
    (dict(severities=[True]), 'severities must be'),
    (dict(severities='12'), 'severities must be'),
    (dict(block_size=0), 'block_size must be'),
    (dict(block_size=2.5), 'block_size must be'),
    (dict(data_root=''), 'data_root must be'),
])
def test_cifar_checks_its_arguments(tmp_path, kwargs, match):
    kwargs = dict(dict(data_root=make_cifar_c(tmp_path), corruptions=['fog'],
                       block_size=BLOCK), **kwargs)
    with pytest.raises(ValueError, match=match):
        CIFARCorrupted(**kwargs)


def test_imagenet_c_labels_are_sorted_wnid_indices(tmp_path):
    root = make_imagenet_c(tmp_path / 'ImageNet-C')
    dataset = DATASETS.build(dict(
        type='mmrecmix.ImageNetCorrupted', data_root=root, corruptions=['fog', 'snow'],
        severities=[1, 2],
        pipeline=[dict(type='LoadImageFromFile'), dict(type='PackInputs')]))
    assert isinstance(dataset, ImageNetCorrupted)
    assert len(dataset) == 2 * 2 * 2 * 2
    assert dataset.metainfo['classes'] == ('n01', 'n02')
    idx = 0
    for corruption in ('fog', 'snow'):
        for severity in (1, 2):
            for label, wnid in enumerate(('n01', 'n02')):
                for i in range(2):
                    data = dataset[idx]
                    sample = data['data_samples']
                    assert sample.img_path == os.path.join(
                        root, corruption, str(severity), wnid, f'ILSVRC2012_val_{i}.JPEG')
                    assert sample.gt_label.tolist() == [label]
                    assert sample.get(CORRUPTION_KEY) == corruption
                    assert sample.get(SEVERITY_KEY) == severity
                    assert data['inputs'].shape == (3, 8, 8)
                    idx += 1
    named = ImageNetCorrupted(root, corruptions=['snow'], severities=[2],
                              metainfo=dict(classes=('tench', 'goldfish')))
    assert named.metainfo['classes'] == ('tench', 'goldfish') and len(named) == 4


def _break_tree(root, what):
    if what == 'grouped':  # corruption folders moved under a group folder
        os.makedirs(os.path.join(root, 'weather'))
        os.rename(os.path.join(root, 'fog'), os.path.join(root, 'weather', 'fog'))
    elif what == 'severity 6':
        os.makedirs(os.path.join(root, 'fog', '6', 'n01'))
    elif what == 'other wnids':
        os.rename(os.path.join(root, 'snow', '2', 'n02'), os.path.join(root, 'snow', '2',
                                                                        'n03'))
    elif what == 'no images':
        for wnid in ('n01', 'n02'):
            folder = os.path.join(root, 'snow', '1', wnid)
            for name in os.listdir(folder):
                os.rename(os.path.join(folder, name), os.path.join(folder, name + '.txt'))


@pytest.mark.parametrize('what, kwargs, error, match', [
    ('grouped', {}, FileNotFoundError,
     r"corruption folder\(s\) \['fog'\] not found.*found folders \['snow', 'weather'\]"),
    ('severity 6', {}, ValueError, r"holds folder\(s\) \['6'\] that are not severities"),
    ('other wnids', {}, ValueError, r"snow/2' holds the wnid folders .*extra \['n03'\], "
                                    r"lacking \['n02'\]"),
    ('no images', {}, FileNotFoundError, 'no image .* in the wnid folders of'),
    (None, dict(severities=[1, 2, 3]), FileNotFoundError,
     r"severity folder\(s\) \[3\] not found.*found \['1', '2'\]"),
    (None, dict(corruptions='main'), FileNotFoundError, r"\['gaussian_noise', "),
    (None, dict(metainfo=dict(classes=('one', ))), ValueError,
     'metainfo gives 1 classes but the folders hold 2 wnids'),
])
def test_imagenet_c_refuses_a_wrong_layout_naming_it(tmp_path, what, kwargs, error, match):
    root = make_imagenet_c(tmp_path)
    _break_tree(root, what)
    kwargs = dict(dict(corruptions=['fog', 'snow'], severities=[1, 2]), **kwargs)
    with pytest.raises(error, match=match):
        ImageNetCorrupted(root, **kwargs)
