"""The localisation test sets (mmrecmix.datasets.wsol): CUB-200-2011 with its boxes
and the ImageNet validation boxes from their XML files, read from generated trees in
the real layouts; boxes that follow the image through the suite's resize; the errors
of a wrong layout."""
import os
import os.path as osp

import numpy as np
import pytest
from wsol_data import make_cub, make_imagenet_boxes

from mmrecmix.datasets import CUBWithBoxes, ImageNetValBoxes


def test_cub_test_split_with_boxes(tmp_path):
    root = make_cub(str(tmp_path))
    dataset = CUBWithBoxes(data_root=root)
    assert len(dataset) == 3 and dataset.test_mode
    first = dataset.get_data_info(0)
    assert first['img_path'].endswith('images/001.Black_footed_Albatross/'
                                      'Black_footed_Albatross_0001.jpg')
    assert first['gt_label'] == 0
    # x y w h = 10 5 30 20 -> (x, y, x + w, y + h), wsolevaluation's corners
    np.testing.assert_array_equal(first['gt_bboxes'], [[10, 5, 40, 25]])
    assert [dataset.get_data_info(i)['gt_label'] for i in range(3)] == [0, 1, 1]
    assert len(CUBWithBoxes(data_root=root, split='train')) == 1


def test_boxes_follow_the_suites_resize(tmp_path):
    root = make_cub(str(tmp_path))
    pipeline = [dict(type='LoadImageFromFile'),
                dict(type='Resize', scale=(32, 32), backend='pillow',
                     interpolation='bilinear'),
                dict(type='PackInputs', algorithm_keys=('gt_bboxes', ))]
    packed = CUBWithBoxes(data_root=root, pipeline=pipeline)[2]
    sample = packed['data_samples']
    assert packed['inputs'].shape == (3, 32, 32)
    assert sample.ori_shape == (70, 70) and sample.img_shape == (32, 32)
    # (35, 0, 55, 30) in a 70 x 70 image, scaled by 32 / 70
    np.testing.assert_allclose(sample.gt_bboxes, [[16, 0, 25.142857, 13.714286]],
                               rtol=1e-6)


@pytest.mark.parametrize('missing', ['bounding_boxes.txt', 'train_test_split.txt',
                                     'images'])
def test_cub_without_a_file_names_it(tmp_path, missing):
    root = make_cub(str(tmp_path))
    target = osp.join(root, missing)
    os.rename(target, target + '.moved')
    with pytest.raises(FileNotFoundError, match=rf"{missing}' is missing.*bounding_boxes"):
        CUBWithBoxes(data_root=root)


def test_cub_with_mismatched_files_is_refused(tmp_path):
    root = make_cub(str(tmp_path))
    with open(osp.join(root, 'bounding_boxes.txt'), 'a') as f:
        f.write('9 1.0 1.0 2.0 2.0\n')
    with pytest.raises(ValueError, match=r'bounding_boxes.txt and images.txt list '
                                         r'different image ids \(e.g. \[9\]\)'):
        CUBWithBoxes(data_root=root)


def test_imagenet_val_boxes_from_xml(tmp_path):
    root = make_imagenet_boxes(str(tmp_path))
    dataset = ImageNetValBoxes(data_root=root)
    assert len(dataset) == 2
    first, second = dataset.get_data_info(0), dataset.get_data_info(1)
    assert first['img_path'].endswith('ILSVRC2012_val_00000001.JPEG')
    assert (first['gt_label'], second['gt_label']) == (1, 0)   # sorted wnids
    np.testing.assert_array_equal(first['gt_bboxes'], [[5, 5, 30, 35]])
    np.testing.assert_array_equal(second['gt_bboxes'], [[0, 0, 20, 20],
                                                        [25, 30, 49, 49]])
    assert len(dataset.metainfo['classes']) == 1000


def test_imagenet_wrong_layouts(tmp_path):
    root = make_imagenet_boxes(str(tmp_path))
    with pytest.raises(FileNotFoundError, match=r"bboxes' is missing.*ILSVRC2012_bbox_val"):
        ImageNetValBoxes(data_root=root, ann_prefix='bboxes')
    os.remove(osp.join(root, 'val', 'ILSVRC2012_val_00000002.JPEG'))
    with pytest.raises(FileNotFoundError, match=r'ILSVRC2012_val_00000002.JPEG'):
        ImageNetValBoxes(data_root=root)
    xml = osp.join(root, 'bbox_val', 'val', 'ILSVRC2012_val_00000001.xml')
    with open(xml) as f:
        text = f.read()
    with open(xml, 'w') as f:
        f.write(text.replace('n01443537', 'n99999999'))
    os.remove(osp.join(root, 'bbox_val', 'val', 'ILSVRC2012_val_00000002.xml'))
    with pytest.raises(ValueError, match=r"must name one ImageNet-1k wnid.*n99999999"):
        ImageNetValBoxes(data_root=root)
