"""tools/dataset_converters/inat_to_list.py: the iNaturalist challenge JSON to the
"path label" list that AutoMix Table 5's iNaturalist configs read."""
import json
import os.path as osp

import numpy as np
import pytest
from conftest import REPO_ROOT, tool_module
from mmengine.config import Config
from PIL import Image

from mmrecmix.registry import DATASETS

CONVERTER = 'tools/dataset_converters/inat_to_list.py'
# Species folders as iNaturalist 2017 ships them: super-category / species (spaces).
IMAGES = [(7, 'train_val_images/Plantae/Abronia villosa/a1.jpg', 1),
          (3, 'train_val_images/Aves/Anas crecca/b1.jpg', 0),
          (9, 'train_val_images/Plantae/Abronia villosa/a2.jpg', 1)]


def inat_json(images=IMAGES, categories=(0, 1)):
    return dict(images=[dict(id=i, file_name=name, width=40, height=30)
                        for i, name, _ in images],
                annotations=[dict(id=100 + i, image_id=i, category_id=label)
                             for i, _, label in images],
                categories=[dict(id=c, name=f'c{c}') for c in categories])


def test_lines_pair_each_image_with_its_category(tmp_path):
    (tmp_path / 'train2017.json').write_text(json.dumps(inat_json()))
    dst = tmp_path / 'meta' / 'train2017.txt'
    tool_module(CONVERTER).main([str(tmp_path / 'train2017.json'), str(dst)])
    assert dst.read_text().splitlines() == [
        'train_val_images/Plantae/Abronia villosa/a1.jpg 1',
        'train_val_images/Aves/Anas crecca/b1.jpg 0',
        'train_val_images/Plantae/Abronia villosa/a2.jpg 1']


def test_the_inat_config_reads_the_list_and_the_images(tmp_path):
    """The list in the config's place, the images as the archive unpacks: the config's
    CustomDataset loads every image with its label (paths with spaces included)."""
    root = tmp_path / 'inat2017'
    for _, name, _ in IMAGES:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        Image.fromarray(np.zeros((30, 40, 3), np.uint8)).save(root / name)
    (root / 'train2017.json').write_text(json.dumps(inat_json()))
    tool_module(CONVERTER).main([str(root / 'train2017.json'),
                                 str(root / 'meta' / 'train2017.txt')])
    cfg = Config.fromfile(osp.join(REPO_ROOT, 'configs', 'tables',
                                   'automix-t5-finegrained', '_base_', 'inat2017.py'))
    dataset_cfg = dict(cfg.train_dataloader.dataset, data_root=str(root),
                       pipeline=[dict(type='LoadImageFromFile')])
    dataset = DATASETS.build(dataset_cfg)
    assert [int(label) for label in dataset.get_gt_labels()] == [1, 0, 1]
    assert dataset[1]['img'].shape == (30, 40, 3)


@pytest.mark.parametrize('change, message', [
    (lambda d: d.update(annotations=[]), 'the test split has no labels'),
    (lambda d: d['annotations'].append(dict(id=1, image_id=7, category_id=0)),
     'image 7 has two annotations'),
    (lambda d: d.update(categories=[dict(id=1), dict(id=2)]), 'are not 0..1'),
    (lambda d: d['annotations'].pop(), '1 images have no annotation, e.g. '
                                       'train_val_images/Plantae/Abronia villosa/a2.jpg'),
])
def test_a_json_that_is_not_a_labelled_split_is_named(tmp_path, capsys, change, message):
    annotations = inat_json()
    change(annotations)
    (tmp_path / 'x.json').write_text(json.dumps(annotations))
    with pytest.raises(SystemExit) as exit_info:
        tool_module(CONVERTER).main([str(tmp_path / 'x.json'), str(tmp_path / 'x.txt')])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / 'x.txt').exists()
