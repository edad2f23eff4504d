"""Common-corruption test sets (Hendrycks & Dietterich, ICLR 2019) read in the layouts
their publisher ships: CIFAR-10-C / CIFAR-100-C (one ``.npy`` array per corruption) and
ImageNet-C (a folder tree of JPEGs). Each sample carries its corruption and severity to
:class:`~mmrecmix.evaluation.metrics.corruption.CorruptionAccuracy`."""
import numbers
import os
import os.path as osp
from typing import Dict, Optional, Sequence, Tuple, Union

import numpy as np
from mmpretrain.datasets import BaseDataset, ImageNet

from mmrecmix.evaluation.metrics.corruption import (CORRUPTION_KEY, CORRUPTIONS_ALL,
                                                    CORRUPTIONS_MAIN, SEVERITIES,
                                                    SEVERITY_KEY)
from mmrecmix.registry import DATASETS

__all__ = ['CIFARCorrupted', 'ImageNetCorrupted']

PRESETS = {'all': CORRUPTIONS_ALL, 'main': CORRUPTIONS_MAIN}


def _corruption_names(owner: str, corruptions) -> Tuple[str, ...]:
    if isinstance(corruptions, str):
        if corruptions not in PRESETS:
            raise ValueError(f"{owner}: corruptions must be 'all' (the publisher's 19), "
                             "'main' (the 15 of the mCE) or a list of names, got "
                             f'{corruptions!r}.')
        return PRESETS[corruptions]
    names = tuple(corruptions) if isinstance(corruptions, (list, tuple)) else ()
    bad = [n for n in names if not isinstance(n, str) or not n or n in ('.', '..', 'mean')
           or '/' in n or os.sep in n]
    if not names or bad or len(set(names)) < len(names):
        raise ValueError(f"{owner}: corruptions must be 'all', 'main' or a non-empty list "
                         'of distinct names (file or folder names, not "mean"), got '
                         f'{corruptions!r}.')
    return names


def _severity_list(owner: str, severities) -> Tuple[int, ...]:
    values = tuple(severities) if isinstance(severities, (list, tuple)) else ()
    if not values or len(set(values)) < len(values) or any(
            not isinstance(s, numbers.Integral) or isinstance(s, bool)
            or s not in SEVERITIES for s in values):
        raise ValueError(f'{owner}: severities must be a non-empty list of distinct ints '
                         f'in 1-5, e.g. [1, 2, 3, 4, 5], got {severities!r}.')
    return tuple(int(s) for s in values)


def _stamp(data, corruption: str, severity: int):
    """Write the corruption and severity into the packed data sample(s) of ``data`` (a
    list of them under test-time augmentation); a pipeline that does not pack keeps
    them in ``data`` itself, from the sample's information."""
    if data is None:
        return None
    if not isinstance(data, dict):
        raise TypeError(f'The pipeline returned a {type(data).__name__}, expected a dict.')
    samples = data.get('data_samples')
    if samples is not None:
        for sample in samples if isinstance(samples, (list, tuple)) else [samples]:
            sample.set_metainfo({CORRUPTION_KEY: corruption, SEVERITY_KEY: severity})
    return data


class _CorruptedSet(BaseDataset):
    """What both readers share: the corruptions and severities to read, and the
    stamping of each sample after the pipeline."""

    METAINFO: dict = {}

    def __init__(self, data_root: str, corruptions: Union[str, Sequence[str]],
                 severities: Sequence[int], **kwargs):
        owner = type(self).__name__
        if not isinstance(data_root, str) or not data_root:
            raise ValueError(f'{owner}: data_root must be the folder holding '
                             f'{self.LAYOUT}, got {data_root!r}.')
        self.corruptions = _corruption_names(owner, corruptions)
        self.severities = _severity_list(owner, severities)
        kwargs.setdefault('test_mode', True)
        super().__init__(ann_file='', data_root=data_root, **kwargs)

    def _check_root(self) -> None:
        if not osp.isdir(self.data_root):
            raise FileNotFoundError(
                f'{type(self).__name__}: data_root {self.data_root!r} is not a folder; it '
                f'should hold {self.LAYOUT}.')

    def prepare_data(self, idx: int):
        """The sample after the pipeline, its data sample stamped with ``corruption``
        and ``severity``."""
        data_info = self.get_data_info(idx)
        corruption, severity = data_info[CORRUPTION_KEY], data_info[SEVERITY_KEY]
        return _stamp(self.pipeline(data_info), corruption, severity)

    def extra_repr(self):
        return [f'Data root: \t{self.data_root}', f'Corruptions: \t{len(self.corruptions)}',
                f'Severities: \t{list(self.severities)}']


@DATASETS.register_module()
class CIFARCorrupted(_CorruptedSet):
    """CIFAR-10-C or CIFAR-100-C (Hendrycks & Dietterich, ICLR 2019), as the publisher
    ships them (zenodo records 2535967 and 3555552): in ``data_root`` one
    ``<corruption>.npy`` per corruption, a uint8 array ``N x 32 x 32 x 3`` (RGB, as
    mmpretrain's CIFAR10 / CIFAR100 hold their images, so their test pipelines apply
    unchanged), and ``labels.npy`` with the ``N`` labels. ``N = 5 x block_size``: the
    CIFAR test set (10,000 images) corrupted at severity 1, then 2, ... 5 (the
    publisher's ``make_cifar_c.py``).

    The arrays are memory-mapped (``np.load(mmap_mode='r')``), never loaded whole: a
    sample's image is copied out when it is read, and the data list (which mmengine
    shares between dataloader workers) holds only indices and labels. OpenMixup's
    ``CIFAR_C`` loads and concatenates all 19 arrays instead (2.9 GB).

    A layout other than the publisher's is refused with what was expected and found:
    a missing ``labels.npy`` or ``<corruption>.npy``, an array not ``uint8 N x 32 x 32
    x 3``, labels that are not ``N`` integers.

    Args:
        data_root (str): The folder holding the ``.npy`` files.
        corruptions (str | list[str]): ``'all'``, the publisher's 19 (AutoMix Table 6
            evaluates all 19 on CIFAR-100-C), ``'main'`` (the 15 of the mCE), or a list
            of names (file names without ``.npy``). Defaults to ``'all'``.
        severities (list[int]): The severities to read, in 1-5. Defaults to all five.
        block_size (int): Images per severity; 10,000 in the publisher's files.
            Defaults to 10,000.
        **kwargs: Passed to :class:`mmpretrain.datasets.BaseDataset` (``pipeline``,
            ``indices``, ``metainfo``, ...).
    """

    LAYOUT = ('<corruption>.npy (uint8, 5 x block_size images of 32 x 32 x 3, severity '
              '1 to 5 in order) and labels.npy (their 5 x block_size labels)')
    IMAGE_SHAPE = (32, 32, 3)

    def __init__(self, data_root: str, corruptions: Union[str, Sequence[str]] = 'all',
                 severities: Sequence[int] = SEVERITIES, block_size: int = 10000,
                 **kwargs):
        if not isinstance(block_size, numbers.Integral) or isinstance(block_size, bool) \
                or block_size < 1:
            raise ValueError(f'CIFARCorrupted: block_size must be an int >= 1 (10,000 in '
                             f"the publisher's files), got {block_size!r}.")
        self.block_size = int(block_size)
        self._arrays: Dict[str, np.ndarray] = {}
        super().__init__(data_root, corruptions, severities, **kwargs)

    def _load(self, name: str, mmap_mode: Optional[str]) -> np.ndarray:
        path = osp.join(self.data_root, f'{name}.npy')
        try:
            return np.load(path, mmap_mode=mmap_mode)
        except (ValueError, OSError) as error:
            raise ValueError(f'CIFARCorrupted: {path} is not a readable .npy array '
                             f'({error}); expected {self.LAYOUT}.') from error

    def load_data_list(self):
        owner = 'CIFARCorrupted'
        self._check_root()
        found = sorted(f for f in os.listdir(self.data_root) if f.endswith('.npy'))
        missing = [f for f in ('labels.npy', *(f'{c}.npy' for c in self.corruptions))
                   if f not in found]
        if missing:
            raise FileNotFoundError(
                f'{owner}: {missing} not found in {self.data_root!r}, which should hold '
                f'{self.LAYOUT}; found {found or "no .npy file"}. Choose the corruptions '
                'to read with corruptions=[...].')
        total = 5 * self.block_size
        blocks = f'5 severities x block_size {self.block_size} = {total}'
        labels = self._load('labels', None)
        if labels.shape != (total, ) or not np.issubdtype(labels.dtype, np.integer):
            raise ValueError(
                f'{owner}: labels.npy holds a {labels.dtype} array of shape '
                f'{labels.shape}; expected {blocks} integer labels ({self.LAYOUT}; '
                'block_size is 10,000 in the published files).')
        for corruption in self.corruptions:
            images = self._load(corruption, 'r')
            if images.dtype != np.uint8 or images.shape != (total, *self.IMAGE_SHAPE):
                raise ValueError(
                    f'{owner}: {corruption}.npy holds a {images.dtype} array of shape '
                    f'{images.shape}; expected uint8 of shape '
                    f'{(total, *self.IMAGE_SHAPE)} ({blocks} images, as labels.npy).')
            self._arrays[corruption] = images
        labels = labels.tolist()
        return [{'npy_index': index, 'gt_label': labels[index], CORRUPTION_KEY: corruption,
                 SEVERITY_KEY: severity}
                for corruption in self.corruptions for severity in self.severities
                for index in range((severity - 1) * self.block_size,
                                   severity * self.block_size)]

    def get_data_info(self, idx: int) -> dict:
        data_info = super().get_data_info(idx)
        corruption = data_info[CORRUPTION_KEY]
        if corruption not in self._arrays:  # a copy made by pickling drops the maps
            self._arrays[corruption] = self._load(corruption, 'r')
        data_info['img'] = np.array(self._arrays[corruption][data_info['npy_index']])
        data_info['img_shape'] = data_info['ori_shape'] = self.IMAGE_SHAPE[:2]
        return data_info

    def __getstate__(self):
        # Pickled copies (spawned dataloader workers, deepcopy) map the files again
        # instead of carrying the arrays' contents.
        state = self.__dict__.copy()
        state['_arrays'] = {}
        return state


@DATASETS.register_module()
class ImageNetCorrupted(_CorruptedSet):
    """ImageNet-C (Hendrycks & Dietterich, ICLR 2019) as the publisher ships it (zenodo
    record 2235448): ``<data_root>/<corruption>/<severity>/<wnid>/*.JPEG``, the 50,000
    validation images per corruption and severity, 224 x 224 (the publisher's
    ``ImageNet-C/test.py`` feeds them with a 224 centre crop only, no resize). Tiny
    ImageNet-C has the same tree.

    The label of an image is the index of its ``<wnid>`` folder in sorted order, as
    for mmpretrain's ``ImageNet`` read from folders; every ``<corruption>/<severity>``
    folder must hold the same wnid folders. The class names (metainfo ``classes``) are
    the wnids unless ``metainfo=dict(classes=...)`` gives as many names. Images are
    read by the pipeline (``LoadImageFromFile``) from each sample's ``img_path``.

    A layout other than the publisher's is refused with what was expected and found:
    a missing corruption or severity folder, a folder under ``<corruption>`` that is
    not a severity 1-5, ``<severity>`` folders with different wnids, no image.

    Args:
        data_root (str): The folder holding the corruption folders.
        corruptions (str | list[str]): ``'main'``, the 15 of the mCE (the four main
            archives of the release), ``'all'`` (also the four of the extra archive) or
            a list of folder names. Defaults to ``'main'``.
        severities (list[int]): The severities to read, in 1-5. Defaults to all five.
        **kwargs: Passed to :class:`mmpretrain.datasets.BaseDataset` (``pipeline``,
            ``indices``, ``metainfo``, ...).
    """

    LAYOUT = '<corruption>/<severity 1-5>/<wnid>/*.JPEG'

    def __init__(self, data_root: str, corruptions: Union[str, Sequence[str]] = 'main',
                 severities: Sequence[int] = SEVERITIES, **kwargs):
        super().__init__(data_root, corruptions, severities, **kwargs)

    def load_data_list(self):
        owner = 'ImageNetCorrupted'
        self._check_root()
        found = _folders(self.data_root)
        missing = [c for c in self.corruptions if c not in found]
        if missing:
            raise FileNotFoundError(
                f'{owner}: corruption folder(s) {missing} not found in '
                f'{self.data_root!r}, which should hold {self.LAYOUT}; found folders '
                f'{found}. Choose the corruptions to read with corruptions=[...].')
        wnids, first, data_list = None, None, []
        for corruption in self.corruptions:
            folder = osp.join(self.data_root, corruption)
            severities = _folders(folder)
            wrong = [s for s in severities if s not in {str(v) for v in SEVERITIES}]
            if wrong:
                raise ValueError(
                    f'{owner}: {folder!r} holds folder(s) {wrong} that are not severities '
                    f'1-5; expected {self.LAYOUT}, found {severities}.')
            lacking = [s for s in self.severities if str(s) not in severities]
            if lacking:
                raise FileNotFoundError(
                    f'{owner}: severity folder(s) {lacking} not found in {folder!r} '
                    f'({self.LAYOUT}); found {severities}. Choose the severities to read '
                    'with severities=[...].')
            for severity in self.severities:
                folder = osp.join(self.data_root, corruption, str(severity))
                classes = _folders(folder)
                if wnids is None:
                    wnids, first = classes, folder
                if not classes or classes != wnids:
                    raise ValueError(
                        f'{owner}: {folder!r} holds the wnid folders '
                        f'{_differences(classes, wnids)} unlike {first!r}; every '
                        f'<corruption>/<severity> folder should hold the same wnid folders '
                        f'({self.LAYOUT}).')
                count = len(data_list)
                for label, wnid in enumerate(wnids):
                    data_list.extend(
                        {'img_path': path, 'gt_label': label, CORRUPTION_KEY: corruption,
                         SEVERITY_KEY: severity} for path in _images(osp.join(folder, wnid)))
                if len(data_list) == count:
                    raise FileNotFoundError(
                        f'{owner}: no image ({", ".join(ImageNet.IMG_EXTENSIONS)}) in the '
                        f'wnid folders of {folder!r} ({self.LAYOUT}).')
        classes = self._metainfo.get('classes')
        if classes is None:
            self._metainfo['classes'] = tuple(wnids)
        elif len(classes) != len(wnids):
            raise ValueError(f'{owner}: metainfo gives {len(classes)} classes but the '
                             f'folders hold {len(wnids)} wnids.')
        return data_list


def _folders(path: str) -> list:
    """The sorted names of the folders in ``path``."""
    return sorted(entry.name for entry in os.scandir(path) if entry.is_dir())


def _images(path: str) -> list:
    """The sorted paths of the image files in ``path``."""
    return sorted(entry.path for entry in os.scandir(path) if entry.is_file()
                  and entry.name.lower().endswith(ImageNet.IMG_EXTENSIONS))


def _differences(classes: list, wnids: list) -> str:
    if not classes:
        return 'none'
    extra = sorted(set(classes) - set(wnids))[:5]
    lacking = sorted(set(wnids) - set(classes))[:5]
    return f'{classes[:3]}... ({len(classes)}; extra {extra}, lacking {lacking})'
