"""Tiny localisation test sets in their publishers' layouts, with a bright rectangle
on a dark image where each box says the object is: CUB-200-2011 and the ImageNet
validation set with its XML boxes."""
import os
import os.path as osp

import numpy as np
from PIL import Image

# (class folder, class from 1, train 1 / test 0, size (w, h), box (x, y, w, h))
CUB_IMAGES = (
    ('001.Black_footed_Albatross', 1, 0, (80, 60), (10.0, 5.0, 30.0, 20.0)),
    ('001.Black_footed_Albatross', 1, 1, (64, 64), (0.0, 0.0, 64.0, 64.0)),
    ('002.Laysan_Albatross', 2, 0, (50, 90), (20.0, 40.0, 25.0, 45.0)),
    ('002.Laysan_Albatross', 2, 0, (70, 70), (35.0, 0.0, 20.0, 30.0)),
)


def _image(path, size, boxes):
    pixels = np.full((size[1], size[0], 3), 20, dtype=np.uint8)
    for x0, y0, x1, y1 in boxes:
        pixels[int(y0):int(y1), int(x0):int(x1)] = 230
    os.makedirs(osp.dirname(path), exist_ok=True)
    Image.fromarray(pixels).save(path)


def make_cub(root: str) -> str:
    """``root`` as CUB_200_2011.tgz unpacks (images/, images.txt,
    image_class_labels.txt, train_test_split.txt, bounding_boxes.txt), four images;
    images 1, 3 and 4 are the test split."""
    lines = {name: [] for name in ('images', 'image_class_labels', 'train_test_split',
                                   'bounding_boxes')}
    for image_id, (folder, label, is_train, size, box) in enumerate(CUB_IMAGES, 1):
        path = f'{folder}/{folder.split(".")[1]}_{image_id:04d}.jpg'
        x, y, w, h = box
        _image(osp.join(root, 'images', path), size, [(x, y, x + w, y + h)])
        lines['images'].append(f'{image_id} {path}')
        lines['image_class_labels'].append(f'{image_id} {label}')
        lines['train_test_split'].append(f'{image_id} {is_train}')
        lines['bounding_boxes'].append(f'{image_id} {x} {y} {w} {h}')
    for name, content in lines.items():
        with open(osp.join(root, f'{name}.txt'), 'w') as f:
            f.write('\n'.join(content) + '\n')
    return root


# (image name, wnid, size (w, h), boxes (xmin, ymin, xmax, ymax))
IMAGENET_IMAGES = (
    ('ILSVRC2012_val_00000001', 'n01443537', (60, 40), [(5, 5, 30, 35)]),
    ('ILSVRC2012_val_00000002', 'n01440764', (50, 50), [(0, 0, 20, 20),
                                                        (25, 30, 49, 49)]),
)


def make_imagenet_boxes(root: str) -> str:
    """``root/val/*.JPEG`` and ``root/bbox_val/val/*.xml`` (the layout of
    ILSVRC2012_bbox_val_v3.tgz), two images, the second with two objects."""
    for name, wnid, size, boxes in IMAGENET_IMAGES:
        _image(osp.join(root, 'val', name + '.JPEG'), size, boxes)
        objects = ''.join(
            f'<object><name>{wnid}</name><bndbox><xmin>{x0}</xmin><ymin>{y0}</ymin>'
            f'<xmax>{x1}</xmax><ymax>{y1}</ymax></bndbox></object>'
            for x0, y0, x1, y1 in boxes)
        os.makedirs(osp.join(root, 'bbox_val', 'val'), exist_ok=True)
        with open(osp.join(root, 'bbox_val', 'val', name + '.xml'), 'w') as f:
            f.write(f'<annotation><filename>{name}</filename><size><width>{size[0]}'
                    f'</width><height>{size[1]}</height></size>{objects}</annotation>')
    return root
