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
}


def _dataset_marker(dataset: dict) -> tuple:
    """``(path that must exist, layout)`` of a dataset config, or ``None``."""
    kind = str(dataset.get('type', '')).split('.')[-1]
    if kind not in DATASET_LAYOUTS or '://' in str(dataset.get('data_root', '')):
        return None
    marker, layout = DATASET_LAYOUTS[kind]
    fields = dict(split=dataset.get('split', ''), ann_file=dataset.get('ann_file', ''),
                  img_path=(dataset.get('data_prefix') or {}).get('img_path', ''))
    return osp.join(dataset.get('data_root', ''), marker.format(**fields)), layout


def innermost_dataset(cfg: Config, loader: str):
    """The dataset config of a dataloader, inside any dataset wrappers."""
    dataset = (cfg.get(loader) or {}).get('dataset')
    while isinstance(dataset, dict) and isinstance(dataset.get('dataset'), dict):
        dataset = dataset['dataset']
    return dataset if isinstance(dataset, dict) else None


def name_unreadable_images(cfg: Config, loaders: tuple) -> None:
    """Load images with ``mmrecmix.LoadImageFromFile`` (the same, but a file that does
    not decode is named) wherever a pipeline of ``loaders`` uses mmcv's."""
    for loader in loaders:
        dataset = innermost_dataset(cfg, loader)
        for transform in (dataset or {}).get('pipeline') or []:
            if isinstance(transform, dict) and \
                    transform.get('type') == 'LoadImageFromFile':
                transform['type'] = f'{SCOPE}.LoadImageFromFile'


def check_dataset_layouts(cfg: Config, loaders: tuple) -> None:
    """Raise a :class:`UsageError` naming the expected layout when a dataloader's
    dataset root lacks it (before a long traceback, or a download attempt, would)."""
    for loader in loaders:
        dataset = innermost_dataset(cfg, loader)
        found = _dataset_marker(dataset) if dataset is not None else None
        if found and not osp.exists(found[0]):
            raise UsageError(
                f'{loader}.dataset: {found[0]!r} does not exist. The '
                f'{dataset["type"]} root ({dataset.get("data_root")!r}) should hold '
                f'{found[1]}; set {loader}.dataset.data_root.')
