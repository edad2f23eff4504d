"""Write the "path label" list of an iNaturalist 2017 / 2018 split from its challenge
JSON, the ``ann_file`` that AutoMix Table 5's iNaturalist configs read with
mmpretrain's ``CustomDataset`` (OpenMixup's ``{train,val}20xx_classification.txt``).

    python tools/dataset_converters/inat_to_list.py \\
        data/inat2017/train2017.json data/inat2017/meta/train2017.txt

Each line is an image's ``file_name`` (relative to the folder the archive unpacks to,
e.g. ``train_val_images/Plantae/<species>/<id>.jpg``) and its annotation's
``category_id``, the class index; images in the JSON's order.
"""
import argparse
import json
import os
import os.path as osp
from typing import List


def inat_list(annotations: dict) -> List[str]:
    """The ``"file_name category_id"`` lines of an iNaturalist split.

    Raises:
        ValueError: The JSON has no annotations (the test split), an image has none or
            several, or the category ids are not ``0 .. K-1``.
    """
    missing = [key for key in ('images', 'annotations', 'categories')
               if key not in annotations]
    if missing or not annotations['annotations']:
        raise ValueError(f'the JSON has no {missing or ["annotations"]}: pass a train or '
                         'val split of iNaturalist (train2017.json, val2018.json, ...); '
                         'the test split has no labels.')
    labels = {}
    for annotation in annotations['annotations']:
        if annotation['image_id'] in labels:
            raise ValueError(f'image {annotation["image_id"]} has two annotations; an '
                             'iNaturalist split has one label per image.')
        labels[annotation['image_id']] = annotation['category_id']
    ids = sorted(category['id'] for category in annotations['categories'])
    if ids != list(range(len(ids))):
        raise ValueError(f'the category ids are not 0..{len(ids) - 1}; the class index '
                         'of CustomDataset must be: is this an iNaturalist JSON?')
    unlabelled = [image['file_name'] for image in annotations['images']
                  if image['id'] not in labels]
    if unlabelled:
        raise ValueError(f'{len(unlabelled)} images have no annotation, e.g. '
                         f'{unlabelled[0]}.')
    return [f'{image["file_name"]} {labels[image["id"]]}'
            for image in annotations['images']]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('src', help="the split's JSON, e.g. train2017.json")
    parser.add_argument('dst', help='the list to write, e.g. meta/train2017.txt')
    args = parser.parse_args(argv)
    with open(args.src) as f:
        try:
            lines = inat_list(json.load(f))
        except ValueError as error:
            parser.exit(2, f'error: {args.src}: {error}\n')
    os.makedirs(osp.dirname(osp.abspath(args.dst)), exist_ok=True)
    with open(args.dst, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    print(f'Wrote {len(lines)} images to {args.dst}')


if __name__ == '__main__':
    main()
