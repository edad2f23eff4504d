"""The ImageNet-A / -R / -Sketch / Stylized-ImageNet readers: each on a tiny tree in
its publisher's layout (labels are ImageNet-1k indices), wrong layouts refused with the
expected layout named, and one test run of a 1000-class model on an ImageNet-R tree."""
import os

import cv2
import numpy as np
import pytest
import torch
from mmpretrain.datasets.categories import IMAGENET_CATEGORIES

from mmrecmix.datasets.imagenet_variants import (ImageNetA, ImageNetR, ImageNetSketch,
                                                 StylizedImageNet)
from mmrecmix.evaluation.metrics.subset_accuracy import (imagenet_wnids, subset_indices,
                                                         subset_wnids)
from mmrecmix.registry import DATASETS

INDEX = {wnid: i for i, wnid in enumerate(imagenet_wnids())}
PIPELINE = [dict(type='LoadImageFromFile'), dict(type='PackInputs')]
GOLDFISH = 'n01443537'  # class 1: in ImageNet-R, not in ImageNet-A


def write_tree(root, wnids, suffix='.jpg', images=None, size=8):
    """``root/<wnid>/<k><suffix>``: one tiny image per class (``images[wnid]`` where
    given), each class's pixels its class index modulo 256."""
    for wnid in wnids:
        os.makedirs(root / wnid, exist_ok=True)
        pixels = np.full((size, size, 3), INDEX.get(wnid, 0) % 256, np.uint8)
        for k in range((images or {}).get(wnid, 1)):
            cv2.imwrite(str(root / wnid / f'{k}{suffix}'), pixels)
    return root


def make_dirs(root, names):
    for name in names:
        os.makedirs(root / name, exist_ok=True)
    return root


# (dataset class, folder of the class folders under data_root, classes, image suffix)
LAYOUTS = [
    (ImageNetA, '', subset_wnids('imagenet-a'), '.jpg'),
    (ImageNetR, '', subset_wnids('imagenet-r'), '.jpg'),
    (ImageNetSketch, 'sketch', imagenet_wnids(), '.JPEG'),
    (StylizedImageNet, '', imagenet_wnids(), '.png'),
]


def publisher_tree(root, prefix, wnids, suffix):
    """The layout of LAYOUTS' row, the last class with two images, and a README."""
    write_tree(root / prefix if prefix else root, wnids, suffix, images={wnids[-1]: 2})
    (root / 'README.txt').write_text('files beside the class folders are ignored')
    return root


@pytest.fixture(scope='module')
def sketch_root(tmp_path_factory):
    """An ImageNet-Sketch tree, shared: 1000 class folders are slow to write and
    remove."""
    return publisher_tree(tmp_path_factory.mktemp('imagenet-sketch'), *LAYOUTS[2][1:])


@pytest.mark.parametrize('kind, prefix, wnids, suffix', LAYOUTS,
                         ids=[layout[0].__name__ for layout in LAYOUTS])
def test_each_set_reads_its_publisher_layout(request, tmp_path, kind, prefix, wnids,
                                             suffix):
    root = request.getfixturevalue('sketch_root') if kind is ImageNetSketch else \
        publisher_tree(tmp_path, prefix, wnids, suffix)
    dataset = DATASETS.build(dict(type=f'mmrecmix.{kind.__name__}',
                                  data_root=str(root), pipeline=PIPELINE))
    assert isinstance(dataset, kind) and dataset.test_mode
    assert len(dataset) == len(wnids) + 1
    assert dataset.metainfo['classes'] == IMAGENET_CATEGORIES
    infos = [dataset.get_data_info(i) for i in range(len(dataset))]
    # The label is the ImageNet-1k index of the folder's wnid, in class order.
    for info in infos:
        assert info['gt_label'] == INDEX[os.path.basename(os.path.dirname(info['img_path']))]
    labels = [info['gt_label'] for info in infos]
    assert labels == sorted(INDEX[w] for w in wnids) + [INDEX[wnids[-1]]]
    if kind.SUBSET is not None:
        assert sorted(set(labels)) == list(subset_indices(kind.SUBSET))
    assert infos[-1]['img_path'].endswith(os.path.join(prefix, wnids[-1], f'1{suffix}'))
    sample = dataset[0]
    assert sample['inputs'].shape == (3, 8, 8)
    assert sample['inputs'][0, 0, 0].item() == INDEX[wnids[0]] % 256
    assert sample['data_samples'].gt_label.tolist() == [INDEX[wnids[0]]]


def test_sketch_renamed_folder_and_stylize_datasets_output(sketch_root):
    # ImageNet-Sketch with its `sketch` folder renamed or given as data_root:
    # data_prefix names the folder of the class folders.
    renamed = dict(data_root=str(sketch_root.parent),
                   data_prefix=os.path.join(sketch_root.name, 'sketch'))
    assert len(ImageNetSketch(**renamed)) == 1001
    with pytest.raises(FileNotFoundError, match=r"sketch/<wnid>/\*\.JPEG.*data_prefix=''"):
        ImageNetSketch(str(sketch_root / 'sketch'))
    assert len(ImageNetSketch(str(sketch_root / 'sketch'), data_prefix='')) == 1001
    # bethgelab's stylize-datasets keeps the content images' suffix (.JPEG) and may
    # write a list of skipped images beside the class folders: read as well.
    (sketch_root / 'sketch' / 'skipped_imgs.txt').write_text('')
    assert len(StylizedImageNet(str(sketch_root / 'sketch'))) == 1001


A_WNIDS = subset_wnids('imagenet-a')


@pytest.mark.parametrize('folders, match', [
    (A_WNIDS + ('__MACOSX', ), r"not wnids \(n \+ 8 digits\): \['__MACOSX'\]"),
    (A_WNIDS + ('n99999999', ), r"\['n99999999'\] are not ImageNet-1k classes"),
    (A_WNIDS[:-1] + (GOLDFISH, ), r"\['n01443537'\] are not among the 200 classes of "
     r'imagenet-a\. Remove those folders'),
    (A_WNIDS[1:], r"has 199 of the 200 class folders; missing: \['n01498041'\]"),
    (subset_wnids('imagenet-r'), r"classes of ImageNetR: read this set with "
     r"type='mmrecmix.ImageNetR'"),
], ids=['not-a-wnid', 'not-in-1k', 'not-in-200', 'missing-class', 'imagenet-r-tree'])
def test_wrong_imagenet_a_layouts_are_refused(tmp_path, folders, match):
    make_dirs(tmp_path, folders)
    with pytest.raises(ValueError, match=match) as error:
        ImageNetA(str(tmp_path))
    assert "the layout <wnid>/*.jpg for each of the 200 ImageNet-A classes" in \
        str(error.value)


def test_empty_class_folders_and_wrong_roots_are_refused(tmp_path):
    root = write_tree(tmp_path / 'imagenet-r', subset_wnids('imagenet-r')[1:])
    make_dirs(root, [GOLDFISH])
    with pytest.raises(ValueError, match=r"\['n01443537'\] hold no image \(.*\.jpg"):
        ImageNetR(str(root))
    with pytest.raises(ValueError, match='hold no image'):  # images of another suffix
        ImageNetR(str(write_tree(root, [GOLDFISH])), extensions=['.png'])
    with pytest.raises(FileNotFoundError, match=r'missing.*is not a folder; data_root '
                       r'should hold <wnid>/\*\.jpg for each of the 200 ImageNet-R'):
        ImageNetR(str(tmp_path / 'missing'))
    # Stylized-ImageNet's root instead of its val folder.
    make_dirs(tmp_path / 'stylized', ['train', 'val'])
    with pytest.raises(ValueError, match=r"Stylized-ImageNet's 'val' folder\): it holds "
                       r"folders that are not wnids .*\['train', 'val'\]"):
        StylizedImageNet(str(tmp_path / 'stylized'))
    with pytest.raises(ValueError, match=r'has 2 of the 1000 class folders'):
        StylizedImageNet(str(make_dirs(tmp_path / 'two', imagenet_wnids()[:2])))


@pytest.mark.parametrize('kwargs, match', [
    (dict(data_root=''), 'data_root must be the folder that holds'),
    (dict(data_root='x', data_prefix=3), 'data_prefix must be a folder'),
    (dict(data_root='x', extensions='.jpg'), 'extensions must be a list of file'),
    (dict(data_root='x', extensions=['jpg']), 'extensions must be a list of file'),
])
def test_bad_arguments_are_refused(kwargs, match):
    with pytest.raises(ValueError, match=match):
        ImageNetR(**kwargs)


def test_runner_test_scores_imagenet_r_on_its_200_classes(tmp_path):
    """A 1000-class ResNet whose logits are its bias: class 0 (tench, outside
    ImageNet-R) highest, class 1 (goldfish, inside) next. Every image is predicted
    tench over all classes and goldfish over ImageNet-R's 200, so the subset accuracy
    is the share of goldfish images and plain accuracy is 0."""
    from mmengine.runner import Runner
    root = write_tree(tmp_path / 'imagenet-r', subset_wnids('imagenet-r'),
                      images={GOLDFISH: 3})
    pipeline = [dict(type='LoadImageFromFile'), dict(type='Resize', scale=16),
                dict(type='PackInputs')]
    runner = Runner(
        model=dict(type='ImageClassifier',
                   data_preprocessor=dict(type='ClsDataPreprocessor', num_classes=1000),
                   backbone=dict(type='ResNet', depth=18, stem_channels=8,
                                 base_channels=8),
                   neck=dict(type='GlobalAveragePooling'),
                   head=dict(type='LinearClsHead', num_classes=1000, in_channels=64)),
        work_dir=str(tmp_path / 'work'),
        test_dataloader=dict(
            batch_size=64, num_workers=0,
            dataset=dict(type='mmrecmix.ImageNetR', data_root=str(root),
                         pipeline=pipeline),
            sampler=dict(type='DefaultSampler', shuffle=False)),
        test_evaluator=[dict(type='mmrecmix.SubsetAccuracy', subset='imagenet-r'),
                        dict(type='Accuracy', topk=1)],
        test_cfg=dict(), default_scope='mmrecmix', log_level='WARNING')
    fc = runner.model.head.fc
    with torch.no_grad():
        fc.weight.zero_()
        fc.bias.zero_()
        fc.bias[:2] = torch.tensor([2.0, 1.0])
    metrics = runner.test()
    assert 0 <= metrics['subset_accuracy/top1'] <= 100
    assert metrics['subset_accuracy/top1'] == pytest.approx(100 * 3 / 202)
    assert metrics['accuracy/top1'] == 0
