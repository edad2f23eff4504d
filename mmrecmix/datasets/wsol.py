"""Test sets with object boxes, for weakly supervised localisation
(:mod:`mmrecmix.evaluation.metrics.wsol`): CUB-200-2011 and the ImageNet-1k
validation set, each read in the layout its publisher ships.

A sample is ``dict(img_path=..., gt_label=..., gt_bboxes=<(k, 4) float64>)``, the
boxes ``(x1, y1, x2, y2)`` in the pixels of the stored image. Under the key
``gt_bboxes`` mmcv's ``Resize`` (and ``CenterCrop``, ``RandomFlip``) move the boxes
with the image; pack them with ``PackInputs(algorithm_keys=('gt_bboxes', ))``. The
image's size, ``ori_shape``, is set by ``LoadImageFromFile``.
"""
import os
import os.path as osp
import xml.etree.ElementTree as ET
from typing import Dict, List

import numpy as np
from mmpretrain.datasets import CUB, BaseDataset
from mmpretrain.datasets.categories import IMAGENET_CATEGORIES

from mmrecmix.evaluation.metrics.subset_accuracy import imagenet_wnids
from mmrecmix.registry import DATASETS

__all__ = ['CUBWithBoxes', 'ImageNetValBoxes']


def _missing(owner: str, path: str, layout: str) -> FileNotFoundError:
    return FileNotFoundError(f'{owner}: {path!r} is missing; data_root must hold '
                             f'{layout}.')


def _id_lines(path: str, fields: int, owner: str) -> Dict[int, List[str]]:
    """``{id: other fields}`` of a CUB file of lines ``<id> <field> ...``."""
    table = {}
    with open(path) as f:
        for number, line in enumerate(f, 1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) != fields + 1:
                raise ValueError(f'{owner}: line {number} of {path!r} has {len(parts)} '
                                 f'fields, not {fields + 1}: {line.strip()!r}.')
            table[int(parts[0])] = parts[1:]
    return table


@DATASETS.register_module()
class CUBWithBoxes(CUB):
    """CUB-200-2011 (Wah et al. 2011) with its bird boxes: mmpretrain's ``CUB`` plus
    each image's box from ``bounding_boxes.txt``, as ``CUB_200_2011.tgz`` unpacks::

        CUB_200_2011/
        ├── images/<class folder>/<image>.jpg
        ├── images.txt              <id> <path under images/>
        ├── image_class_labels.txt  <id> <class, from 1>
        ├── train_test_split.txt    <id> <1: train, 0: test>
        └── bounding_boxes.txt      <id> <x> <y> <width> <height>   (pixels)

    The box ``x y w h`` becomes ``(x, y, x + w, y + h)``, the corners
    wsolevaluation's ``metadata/CUB/*/localization.txt`` lists for the same images.
    The test split (5,794 images) is the one wsolevaluation and AutoMix Table 8
    evaluate.

    Args:
        data_root (str): The ``CUB_200_2011`` folder.
        split (str): ``'test'`` or ``'train'``. Defaults to ``'test'``.
        **kwargs: Passed to mmpretrain's ``CUB`` (``pipeline``, ``indices`` ...);
            ``test_mode`` defaults to True.
    """
    FILES = ('images.txt', 'image_class_labels.txt', 'train_test_split.txt',
             'bounding_boxes.txt', 'images')
    LAYOUT = ('images/, images.txt, image_class_labels.txt, train_test_split.txt and '
              'bounding_boxes.txt (the CUB_200_2011 folder of CUB_200_2011.tgz)')

    def __init__(self, data_root: str, split: str = 'test', **kwargs):
        owner = type(self).__name__
        for name in self.FILES:
            if not osp.exists(osp.join(data_root, name)):
                raise _missing(owner, osp.join(data_root, name), self.LAYOUT)
        kwargs.setdefault('test_mode', True)
        super().__init__(data_root=data_root, split=split, **kwargs)

    def load_data_list(self) -> List[dict]:
        """The split's images in id order, with label and box."""
        owner = type(self).__name__
        root = self.data_root
        paths = _id_lines(osp.join(root, 'images.txt'), 1, owner)
        labels = _id_lines(osp.join(root, 'image_class_labels.txt'), 1, owner)
        split = _id_lines(osp.join(root, 'train_test_split.txt'), 1, owner)
        boxes = _id_lines(osp.join(root, 'bounding_boxes.txt'), 4, owner)
        for name, table in (('image_class_labels.txt', labels),
                            ('train_test_split.txt', split),
                            ('bounding_boxes.txt', boxes)):
            if table.keys() != paths.keys():
                lacking = sorted(set(paths) ^ set(table))[:5]
                raise ValueError(f'{owner}: {name} and images.txt list different '
                                 f'image ids (e.g. {lacking}).')
        wanted = '1' if self.split == 'train' else '0'
        data_list = []
        for image_id in sorted(paths):
            if split[image_id][0] != wanted:
                continue
            x, y, w, h = (float(v) for v in boxes[image_id])
            data_list.append(dict(
                img_path=osp.join(self.img_prefix, paths[image_id][0]),
                gt_label=int(labels[image_id][0]) - 1,
                gt_bboxes=np.array([[x, y, x + w, y + h]], dtype=np.float64)))
        return data_list


IMAGE_SUFFIXES = ('.jpeg', '.jpg', '.png')


@DATASETS.register_module()
class ImageNetValBoxes(BaseDataset):
    """The ImageNet-1k (ILSVRC 2012) validation images with their object boxes, from
    the official PASCAL-VOC-style annotations (``ILSVRC2012_bbox_val_v3.tgz``): one
    ``<image name>.xml`` per image, one ``<object>`` per annotated instance, each
    with the class ``<name>`` (wnid) and ``<bndbox>`` ``xmin ymin xmax ymax``::

        data_root/
        ├── val/        ILSVRC2012_val_00000001.JPEG ... (flat, or in wnid folders)
        └── bbox_val/   ILSVRC2012_val_00000001.xml ...   (or bbox_val/val/*.xml)

    Every box of an image is kept (several instances: the metrics take the best
    match); the label is the wnid of the image's objects, as an index among the 1000
    classes in sorted-wnid order (mmpretrain's ``ImageNet``). The coordinates are
    used as the XML gives them.

    Args:
        data_root (str): The folder of the two folders.
        img_prefix (str): The image folder under ``data_root``. Defaults to
            ``'val'``.
        ann_prefix (str): The XML folder under ``data_root`` (searched
            recursively). Defaults to ``'bbox_val'``.
        **kwargs: Passed to mmpretrain's ``BaseDataset`` (``pipeline``,
            ``indices`` ...); ``test_mode`` defaults to True.
    """
    METAINFO = {'classes': IMAGENET_CATEGORIES}

    def __init__(self, data_root: str, img_prefix: str = 'val',
                 ann_prefix: str = 'bbox_val', **kwargs):
        owner = type(self).__name__
        layout = (f'{img_prefix}/ (the validation images) and {ann_prefix}/ (the '
                  '<image name>.xml files of ILSVRC2012_bbox_val_v3.tgz)')
        for name in (img_prefix, ann_prefix):
            if not osp.isdir(osp.join(data_root, name)):
                raise _missing(owner, osp.join(data_root, name), layout)
        self.ann_dir = osp.join(data_root, ann_prefix)
        self.layout = layout
        kwargs.setdefault('test_mode', True)
        super().__init__(ann_file='', data_root=data_root,
                         data_prefix=dict(img_path=img_prefix), **kwargs)

    def _parse(self, path: str, index: Dict[str, int]) -> dict:
        owner = type(self).__name__
        objects = ET.parse(path).getroot().findall('object')
        if not objects:
            raise ValueError(f'{owner}: {path!r} annotates no <object>.')
        wnids = {obj.findtext('name') for obj in objects}
        if len(wnids) != 1 or not wnids <= set(index):
            raise ValueError(f'{owner}: the objects of {path!r} must name one '
                             f'ImageNet-1k wnid, got {sorted(map(str, wnids))}.')
        boxes = [[float(obj.find('bndbox').findtext(key))
                  for key in ('xmin', 'ymin', 'xmax', 'ymax')] for obj in objects]
        return dict(gt_label=index[wnids.pop()],
                    gt_bboxes=np.array(boxes, dtype=np.float64))

    def load_data_list(self) -> List[dict]:
        """One sample per XML file, in name order, with its image found by name."""
        owner = type(self).__name__
        images = {}
        for folder, _, files in os.walk(self.img_prefix):
            for name in files:
                stem, suffix = osp.splitext(name)
                if suffix.lower() in IMAGE_SUFFIXES:
                    images[stem] = osp.join(folder, name)
        xmls = sorted(osp.join(folder, name)
                      for folder, _, files in os.walk(self.ann_dir)
                      for name in files if name.endswith('.xml'))
        if not xmls:
            raise _missing(owner, osp.join(self.ann_dir, '*.xml'), self.layout)
        index = {wnid: i for i, wnid in enumerate(imagenet_wnids())}
        data_list = []
        for path in xmls:
            stem = osp.splitext(osp.basename(path))[0]
            if stem not in images:
                raise _missing(owner, osp.join(self.img_prefix, stem + '.JPEG'),
                               self.layout)
            data_list.append(dict(img_path=images[stem], **self._parse(path, index)))
        return data_list
