"""Test sets for out-of-distribution detection
(:class:`~mmrecmix.evaluation.metrics.ood.OODDetection`): the in-distribution test set
and named OOD sets scored in one run, and the two noise sets of ODIN's protocol,
generated with a fixed seed."""
import numbers
from typing import Dict, Optional, Sequence, Tuple, Union

import numpy as np
import torch
from mmengine.dataset import BaseDataset as MMEngineBaseDataset
from mmengine.dataset import ConcatDataset
from mmpretrain.datasets import BaseDataset

from mmrecmix.evaluation.metrics.ood import OOD_SET_KEY
from mmrecmix.registry import DATASETS
from mmrecmix.utils.validation import check_range

__all__ = ['NoiseImages', 'OODTestSet']

def _check_int(owner: str, name: str, value, low: int) -> None:
    if not isinstance(value, numbers.Integral) or isinstance(value, bool):
        raise ValueError(f'{owner}: {name} must be an integer >= {low}, got {value!r}.')
    check_range(owner, name, value, low=low)


@DATASETS.register_module()
class NoiseImages(BaseDataset):
    r"""The synthetic OOD sets of ODIN (Liang et al., ICLR 2018): images whose every
    pixel value is drawn independently,

    - ``noise='uniform'``: from :math:`U[0, 1]`;
    - ``noise='gaussian'``: from :math:`\mathcal{N}(0.5, 1)` (unit variance), clipped
      to :math:`[0, 1]`, so about 31 % of the values are 0 and 31 % are 1;

    then scaled to grey levels 0-255 and rounded to ``uint8``, as a stored image is
    (ODIN's code feeds the unrounded values; the rounding moves a value by at most
    1/510). Make them the size of the in-distribution images (32 for CIFAR); ODIN has
    10,000 of each.

    Image ``i`` depends only on ``(seed, i)``: it is drawn when the sample is read,
    from NumPy's ``RandomState([seed, i])`` (a stream NumPy keeps frozen across
    versions), so the set is the same on every run, rank and worker, in any order,
    and a subset (``indices``) keeps the images of the full set. The samples have no
    label.

    Args:
        noise (str): ``'uniform'`` or ``'gaussian'``.
        size (int | tuple): Image size, ``side`` or ``(height, width)``. Defaults
            to 32.
        num_images (int): Number of images. Defaults to 10,000.
        channels (int): Number of channels. Defaults to 3.
        seed (int): Seed of the set, in ``[0, 2**32)``. Defaults to 0.
        **kwargs: Passed to :class:`mmpretrain.datasets.BaseDataset`
            (``pipeline``, ``indices``, ...).
    """

    METAINFO: dict = {}
    NOISES = ('uniform', 'gaussian')

    def __init__(self, noise: str, size: Union[int, Sequence[int]] = 32,
                 num_images: int = 10000, channels: int = 3, seed: int = 0, **kwargs):
        owner = 'NoiseImages'
        if noise not in self.NOISES:
            raise ValueError(f'{owner}: noise must be one of {list(self.NOISES)}, '
                             f'got {noise!r}.')
        if isinstance(size, (tuple, list)) and len(size) == 2:
            height, width = size
        elif isinstance(size, (tuple, list)):
            raise ValueError(f'{owner}: size must be an int or (height, width), got '
                             f'{size!r}.')
        else:
            height = width = size
        _check_int(owner, 'size', height, 1)
        _check_int(owner, 'size', width, 1)
        _check_int(owner, 'num_images', num_images, 1)
        _check_int(owner, 'channels', channels, 1)
        _check_int(owner, 'seed', seed, 0)
        check_range(owner, 'seed', seed, high=2**32, high_open=True)
        self.noise = noise
        self.shape: Tuple[int, int, int] = (int(height), int(width), int(channels))
        self.num_images = int(num_images)
        self.seed = int(seed)
        kwargs.setdefault('test_mode', True)
        super().__init__(ann_file='', **kwargs)

    def load_data_list(self):
        return [dict(noise_index=i) for i in range(self.num_images)]

    def draw(self, index: int) -> np.ndarray:
        """Image ``index`` of the full set, ``(height, width, channels)`` uint8."""
        rng = np.random.RandomState([self.seed, int(index)])
        if self.noise == 'uniform':
            values = rng.random_sample(self.shape)
        else:
            values = np.clip(rng.normal(0.5, 1.0, self.shape), 0.0, 1.0)
        return np.rint(values * 255.0).astype(np.uint8)

    def get_data_info(self, idx: int) -> dict:
        data_info = super().get_data_info(idx)
        data_info['img'] = self.draw(data_info['noise_index'])
        data_info['img_shape'] = data_info['ori_shape'] = self.shape[:2]
        return data_info

    def extra_repr(self):
        return [f'Noise: {self.noise}', f'Image shape: {self.shape}', f'Seed: {self.seed}']


@DATASETS.register_module()
class OODTestSet(ConcatDataset):
    """The test set of an OOD detection run: the in-distribution test set followed by
    named OOD sets, concatenated, each OOD sample stamped with its set's name so that
    :class:`~mmrecmix.evaluation.metrics.ood.OODDetection` can tell them apart.

    Each set keeps its own pipeline (which ends with ``PackInputs`` as usual). After
    it, the data sample of an OOD sample gets the metainfo ``ood_set=<name>``; an
    in-distribution sample gets none. ``get_data_info`` adds the same key to the
    sample's information. A data sample without a ``gt_label`` (every OOD sample) gets
    an empty one: mmpretrain's data preprocessor reads the labels of the whole batch
    when its first sample has one, and a batch mixes both kinds. The metainfo
    (``classes``, ...) is the in-distribution set's; the OOD sets' metainfo may differ
    (an image folder has no classes).

    Example::

        dataset=dict(
            type='mmrecmix.OODTestSet',
            in_dist=dict(type='CIFAR100', data_root='data/cifar100', split='test',
                         pipeline=test_pipeline),
            ood_sets=dict(
                LSUN_crop=dict(type='CustomDataset', data_root='data/ood/LSUN',
                               with_label=False, pipeline=folder_pipeline),
                Gaussian=dict(type='mmrecmix.NoiseImages', noise='gaussian',
                              pipeline=test_pipeline)))

    Args:
        in_dist (dict | BaseDataset): The in-distribution test set.
        ood_sets (dict): ``{name: dataset}``, at least one, each a dataset or its
            config; the names (non-empty strings, not ``'mean'``) become the metric
            names (``auroc/<name>``).
        lazy_init (bool): Build the sets' data lists only when first needed.
            Defaults to False.
    """

    def __init__(self, in_dist: Union[dict, MMEngineBaseDataset],
                 ood_sets: Dict[str, Union[dict, MMEngineBaseDataset]],
                 lazy_init: bool = False):
        owner = 'OODTestSet'
        if not isinstance(ood_sets, dict) or not ood_sets:
            raise ValueError(f'{owner}: ood_sets must be a non-empty dict '
                             f'{{name: dataset}}, got {ood_sets!r}.')
        for name in ood_sets:
            if not isinstance(name, str) or not name or name == 'mean':
                raise ValueError(f"{owner}: OOD set names must be non-empty strings "
                                 f"other than 'mean' (the name of the averages), got "
                                 f'{name!r}.')
        self.names: Tuple[Optional[str], ...] = (None, *ood_sets)
        datasets = [DATASETS.build(d) if isinstance(d, dict) else d
                    for d in (in_dist, *ood_sets.values())]
        # The OOD sets need not share the in-distribution set's metainfo: the first
        # dataset's is kept and no key is compared.
        keys = sorted({key for d in datasets for key in getattr(d, 'metainfo', {})})
        super().__init__(datasets, lazy_init=lazy_init, ignore_keys=keys)

    def full_init(self):
        if self._fully_initialized:
            return
        super().full_init()
        for name, dataset in zip(self.names, self.datasets):
            if len(dataset) == 0:
                which = 'the in-distribution set' if name is None else \
                    f'the OOD set {name!r}'
                raise ValueError(f'OODTestSet: {which} is empty; check its data_root '
                                 'and files (or its indices).')

    def ood_set_of(self, idx: int) -> Optional[str]:
        """The OOD set name of sample ``idx`` (None: in-distribution)."""
        return self.names[self._get_ori_dataset_idx(idx)[0]]

    def get_data_info(self, idx: int) -> dict:
        data_info = super().get_data_info(idx)
        name = self.ood_set_of(idx)
        if name is not None:
            data_info[OOD_SET_KEY] = name
        return data_info

    def __getitem__(self, idx):
        if not self._fully_initialized:
            self.full_init()
        dataset_idx, sample_idx = self._get_ori_dataset_idx(idx)
        data = self.datasets[dataset_idx][sample_idx]
        _stamp(data, self.names[dataset_idx])
        return data


def _stamp(data: dict, name: Optional[str]) -> None:
    """Write ``ood_set=name`` (unless ``name`` is None) into the packed data sample(s)
    of ``data`` (a list of them under test-time augmentation) and give an unlabelled
    one an empty ``gt_label``; into ``data`` itself when its pipeline does not pack."""
    if not isinstance(data, dict):
        which = 'the in-distribution set' if name is None else f'the OOD set {name!r}'
        raise TypeError(f'OODTestSet: the pipeline of {which} returned a '
                        f'{type(data).__name__}, expected a dict.')
    samples = data.get('data_samples')
    if samples is None:
        if name is not None:
            data[OOD_SET_KEY] = name
        return
    for sample in samples if isinstance(samples, (list, tuple)) else [samples]:
        if name is not None:
            sample.set_metainfo({OOD_SET_KEY: name})
        if 'gt_label' not in sample and hasattr(sample, 'set_gt_label'):
            sample.set_gt_label(torch.zeros(0, dtype=torch.long))
