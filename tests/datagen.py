"""Tiny datasets written in the real on-disk layouts, for tests that run real configs."""
import json
import os
import os.path as osp

import numpy as np
from PIL import Image

# (COCO category id, name): real COCO names, so mmdet's CocoDataset keeps them.
COCO_CATEGORIES = ((1, 'person'), (3, 'car'))


def _random_image(rng: np.random.Generator, height: int, width: int) -> np.ndarray:
    return rng.integers(0, 256, size=(height, width, 3), dtype=np.uint8)


def _random_box(rng, height, width, min_side):
    """An (x, y, w, h) box of at least ``min_side`` px inside a height x width image."""
    w = int(rng.integers(min_side, width // 2 + 1))
    h = int(rng.integers(min_side, height // 2 + 1))
    x = int(rng.integers(0, width - w + 1))
    y = int(rng.integers(0, height - h + 1))
    return x, y, w, h


def make_coco(root: str, split: str = 'train2017', num_images: int = 4,
              height: int = 96, width: int = 128, boxes_per_image: int = 2,
              seed: int = 0) -> str:
    """Write ``root/{split}/*.jpg``, ``root/annotations/instances_{split}.json`` and
    COCO-stuff label maps ``root/stuffthingmaps/{split}/*.png`` (for HTC).

    Each image gets ``boxes_per_image`` boxes, each a filled rectangle of a flat colour,
    with its polygon segmentation, so box and mask pipelines both have targets.

    Returns:
        str: ``root``.
    """
    rng = np.random.default_rng(seed)
    os.makedirs(osp.join(root, split), exist_ok=True)
    os.makedirs(osp.join(root, 'annotations'), exist_ok=True)
    os.makedirs(osp.join(root, 'stuffthingmaps', split), exist_ok=True)
    images, annotations = [], []
    for image_id in range(1, num_images + 1):
        pixels = _random_image(rng, height, width)
        file_name = f'{image_id:012d}.jpg'
        for _ in range(boxes_per_image):
            x, y, w, h = _random_box(rng, height, width, min_side=12)
            pixels[y:y + h, x:x + w] = rng.integers(0, 256, size=3)
            category_id = COCO_CATEGORIES[len(annotations) % len(COCO_CATEGORIES)][0]
            annotations.append(dict(
                id=len(annotations) + 1, image_id=image_id,
                category_id=category_id, bbox=[x, y, w, h], area=w * h,
                iscrowd=0,
                segmentation=[[x, y, x + w, y, x + w, y + h, x, y + h]]))
        Image.fromarray(pixels).save(osp.join(root, split, file_name))
        stuff = rng.integers(0, 183, size=(height, width), dtype=np.uint8)
        Image.fromarray(stuff).save(osp.join(
            root, 'stuffthingmaps', split, file_name.replace('.jpg', '.png')))
        images.append(dict(id=image_id, file_name=file_name, height=height,
                           width=width))
    categories = [dict(id=cid, name=name, supercategory=name)
                  for cid, name in COCO_CATEGORIES]
    with open(osp.join(root, 'annotations', f'instances_{split}.json'), 'w') as f:
        json.dump(dict(images=images, annotations=annotations,
                       categories=categories), f)
    return root


def make_ade20k(root: str, num_images: int = 4, height: int = 64,
                width: int = 96, num_classes: int = 150, seed: int = 0) -> str:
    """Write ADE20K's layout: ``images/{training,validation}/*.jpg`` and
    ``annotations/{training,validation}/*.png`` (0 = ignore, 1..150 = classes).

    Returns:
        str: ``root``.
    """
    rng = np.random.default_rng(seed)
    for split in ('training', 'validation'):
        os.makedirs(osp.join(root, 'images', split), exist_ok=True)
        os.makedirs(osp.join(root, 'annotations', split), exist_ok=True)
        for index in range(num_images):
            name = f'ADE_{split[:5]}_{index:08d}'
            labels = np.zeros((height, width), dtype=np.uint8)
            for _ in range(3):
                x, y, w, h = _random_box(rng, height, width, min_side=8)
                labels[y:y + h, x:x + w] = rng.integers(1, num_classes + 1)
            Image.fromarray(_random_image(rng, height, width)).save(
                osp.join(root, 'images', split, f'{name}.jpg'))
            Image.fromarray(labels).save(
                osp.join(root, 'annotations', split, f'{name}.png'))
    return root


def make_imagenet(root: str, num_classes: int = 3, per_class: int = 2,
                  height: int = 48, width: int = 64, seed: int = 0) -> str:
    """ImageNet's layout with annotation lists: ``train/<wnid>/*.JPEG``,
    ``val/*.JPEG``, ``meta/train.txt`` and ``meta/val.txt`` ("path label" lines)."""
    rng = np.random.default_rng(seed)
    os.makedirs(osp.join(root, 'meta'), exist_ok=True)
    os.makedirs(osp.join(root, 'val'), exist_ok=True)
    train_lines, val_lines = [], []
    for label in range(num_classes):
        wnid = f'n{label:08d}'
        os.makedirs(osp.join(root, 'train', wnid), exist_ok=True)
        for index in range(per_class):
            name = f'{wnid}_{index}.JPEG'
            Image.fromarray(_random_image(rng, height, width)).save(
                osp.join(root, 'train', wnid, name), format='JPEG')
            train_lines.append(f'{wnid}/{name} {label}')
            val_name = f'ILSVRC2012_val_{label * per_class + index:08d}.JPEG'
            Image.fromarray(_random_image(rng, height, width)).save(
                osp.join(root, 'val', val_name), format='JPEG')
            val_lines.append(f'{val_name} {label}')
    for split, lines in (('train', train_lines), ('val', val_lines)):
        with open(osp.join(root, 'meta', f'{split}.txt'), 'w') as f:
            f.write('\n'.join(lines) + '\n')
    return root


def make_cifar(root: str, kind: str = 'cifar10', num_images: int = 8,
               seed: int = 0) -> str:
    """CIFAR's python batches (``cifar-10-batches-py/data_batch_1..5``,
    ``test_batch``, ``batches.meta``; or ``cifar-100-python/train``, ``test``,
    ``meta``) with ``num_images`` random images each."""
    import pickle
    rng = np.random.default_rng(seed)
    if kind == 'cifar10':
        folder, files, key = 'cifar-10-batches-py', [
            *(f'data_batch_{i}' for i in range(1, 6)), 'test_batch'], 'labels'
        meta_name, meta = 'batches.meta', {'label_names': [str(i) for i in range(10)]}
        num_classes = 10
    else:
        folder, files, key = 'cifar-100-python', ['train', 'test'], 'fine_labels'
        meta_name = 'meta'
        meta = {'fine_label_names': [str(i) for i in range(100)]}
        num_classes = 100
    os.makedirs(osp.join(root, folder), exist_ok=True)
    for name in files:
        entry = {'data': rng.integers(0, 256, (num_images, 3072), dtype=np.uint8),
                 key: rng.integers(0, num_classes, num_images).tolist()}
        with open(osp.join(root, folder, name), 'wb') as f:
            pickle.dump(entry, f)
    with open(osp.join(root, folder, meta_name), 'wb') as f:
        pickle.dump(meta, f)
    return root
