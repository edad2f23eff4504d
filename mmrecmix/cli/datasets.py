"""The datasets of a tool's dataloaders, checked before the Runner reads them: a
missing dataset layout is named, and an image that does not decode will be."""
import os.path as osp

from mmengine.config import Config

from mmrecmix.registry import SCOPE
from .errors import UsageError

# What each dataset type expects under its data_root: (a path that must exist, with
# `{...}` filled from the dataset's config; the layout named in the error).
DATASET_LAYOUTS = {
    'ImageNet': ('{split}', 'train/<wnid>/*.JPEG, val/*.JPEG, meta/{train,val}.txt'),
    'CIFAR10': ('cifar-10-batches-py',
                'cifar-10-batches-py/{data_batch_1..5,test_batch,batches.meta}'),
    'CIFAR100': ('cifar-100-python', 'cifar-100-python/{train,test,meta}'),
    'CocoDataset': ('{ann_file}', 'annotations/instances_{train,val}2017.json and '
                    '{train,val}2017/*.jpg'),
    'ADE20KDataset': ('{img_path}', 'images/{training,validation}/*.jpg and '
                      'annotations/{training,validation}/*.png'),
    # An image folder: an OOD set of the ODIN protocol, or any set read by folders.
    'CustomDataset': ('', 'image files (at any depth; with_label=True: one folder per '
                      'class)'),
}


def _dataset_marker(dataset: dict) -> tuple:
    """``(path that must exist, layout)`` of a dataset config, or ``None``."""
    kind = str(dataset.get('type', '')).split('.')[-1]
    if kind not in DATASET_LAYOUTS or '://' in str(dataset.get('data_root', '')):
        return None
    marker, layout = DATASET_LAYOUTS[kind]
    if not marker and not dataset.get('data_root'):
        return None  # a folder set given by data_prefix alone
    fields = dict(split=dataset.get('split', ''), ann_file=dataset.get('ann_file', ''),
                  img_path=(dataset.get('data_prefix') or {}).get('img_path', ''))
    root = dataset.get('data_root', '')
    return (osp.join(root, marker.format(**fields)) if marker else root), layout


def innermost_dataset(cfg: Config, loader: str):
    """The dataset config of a dataloader, inside any dataset wrappers."""
    dataset = (cfg.get(loader) or {}).get('dataset')
    while isinstance(dataset, dict) and isinstance(dataset.get('dataset'), dict):
        dataset = dataset['dataset']
    return dataset if isinstance(dataset, dict) else None


def nested_datasets(dataset, where: str):
    """``(where, config)`` of ``dataset`` (a config at ``where``) and of every dataset
    config inside it: a wrapper's ``dataset``, an OOD test set's ``in_dist`` and
    ``ood_sets``."""
    if not isinstance(dataset, dict):
        return
    yield where, dataset
    for key in ('dataset', 'in_dist'):
        yield from nested_datasets(dataset.get(key), f'{where}.{key}')
    for name, ood_set in (dataset.get('ood_sets') or {}).items():
        yield from nested_datasets(ood_set, f'{where}.ood_sets.{name}')


def _loader_datasets(cfg: Config, loader: str):
    return nested_datasets((cfg.get(loader) or {}).get('dataset'), f'{loader}.dataset')


def name_unreadable_images(cfg: Config, loaders: tuple) -> None:
    """Load images with ``mmrecmix.LoadImageFromFile`` (the same, but a file that does
    not decode is named) wherever a pipeline of ``loaders`` uses mmcv's."""
    for loader in loaders:
        for transform in (transform for _, dataset in _loader_datasets(cfg, loader)
                          for transform in dataset.get('pipeline') or []):
            if isinstance(transform, dict) and \
                    transform.get('type') == 'LoadImageFromFile':
                transform['type'] = f'{SCOPE}.LoadImageFromFile'


def check_dataset_layouts(cfg: Config, loaders: tuple) -> None:
    """Raise a :class:`UsageError` naming the expected layout when a dataloader's
    dataset root lacks it (before a long traceback, or a download attempt, would)."""
    for loader in loaders:
        for where, dataset in _loader_datasets(cfg, loader):
            found = _dataset_marker(dataset)
            if found and not osp.exists(found[0]):
                raise UsageError(
                    f'{where}: {found[0]!r} does not exist. The {dataset["type"]} root '
                    f'({dataset.get("data_root")!r}) should hold {found[1]}; set '
                    f'{where}.data_root.')
