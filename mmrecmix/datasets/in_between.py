"""In-between class samples (CutMix paper, Yun et al., ICCV 2019, Sec. 4.3, Fig. 5b):
a test set of images mixed from two images of different classes at a fixed
combination ratio, for :class:`~mmrecmix.evaluation.metrics.in_between.
InBetweenClassMisses`."""
import copy
import math
import numbers
from typing import Optional, Tuple, Union

import numpy as np
import torch
from mmengine.dataset import BaseDataset

from mmrecmix.evaluation.metrics.in_between import (MIX_LAM_KEY, PAIR_INDICES_KEY,
                                                     PAIR_LABELS_KEY)
from mmrecmix.registry import DATASETS
from mmrecmix.utils.validation import check_range

__all__ = ['InBetweenClassPairs']


@DATASETS.register_module()
class InBetweenClassPairs:
    r"""Pairs of test images of different classes, mixed Mixup- or CutMix-style at a
    fixed :math:`\lambda`, with both classes on the data sample.

    Pair ``i`` is two indices ``(a, b)`` of the wrapped dataset: ``a`` uniform over
    the dataset, ``b`` uniform over the samples whose class differs from ``a``'s. The
    pairs (and the CutMix box positions) are drawn once, when the dataset is
    initialised, from NumPy's ``RandomState(seed)`` (a stream NumPy keeps frozen), so
    they are the same on every run, rank and worker. Each image goes through the
    wrapped dataset's own pipeline, which must end with ``PackInputs`` and give both
    images one size (a ``Resize`` / ``CenterCrop``); the packed images are then mixed:

    - ``'mixup'``: :math:`\tilde x = \lambda x_a + (1 - \lambda) x_b`;
    - ``'cutmix'``: :math:`\tilde x = M \odot x_a + (1 - M) \odot x_b`, :math:`M` zero
      on a box of :math:`h \times w` pixels, :math:`h = [H\sqrt{1 - \lambda}]` and
      :math:`w = [W\sqrt{1 - \lambda}]` rounded to the nearest pixel (halves up; the
      authors' code truncates), so the box covers :math:`1 - \lambda` of the image up
      to rounding. The box sits at the same place in both images, at a random
      position, uniform over those that keep it whole inside the image. The paper
      says only that its in-between samples are drawn at random, and names no
      centring, so the box is placed at random as in CutMix training; training
      CutMix (Eq. 2) draws the box centre over the whole image and clips the box,
      which changes its area, so for a fixed :math:`\lambda` it is kept whole here.

    The mixed image is float32 (the data preprocessor normalises it as any image).
    The data sample is image ``a``'s (its ``gt_label`` is :math:`y_a`), with the
    metainfo ``pair_labels = (y_a, y_b)``, ``pair_indices = (a, b)`` and
    ``mix_lam``: :math:`\lambda`, or for CutMix the share of image ``a``'s pixels
    after rounding, :math:`1 - hw / (HW)`.

    Example::

        test_dataloader = dict(dataset=dict(
            type='mmrecmix.InBetweenClassPairs', style='cutmix', lam=0.5,
            num_pairs=50000, dataset=dict(type='ImageNet', split='val', ...)))
        test_evaluator = dict(type='mmrecmix.InBetweenClassMisses')

    (In a config that inherits a test set and evaluator, add ``_delete_=True`` to
    both dicts, or the base's keys are merged into them.)

    Args:
        dataset (dict | BaseDataset): The test set to pair; its samples have one
            class each (``get_cat_ids``).
        style (str): ``'mixup'`` or ``'cutmix'``. Defaults to ``'mixup'``.
        lam (float): :math:`\lambda`, the share of image ``a``, in ``[0, 1]``.
            Defaults to 0.5.
        num_pairs (int, optional): Number of pairs, >= 1. Defaults to the length of
            the wrapped dataset (the paper takes 50,000 from ImageNet's validation set).
        seed (int): Seed of the pairs, in ``[0, 2**32)``. Defaults to 0.
        lazy_init (bool): Draw the pairs only when first needed. Defaults to False.
    """
    STYLES = ('mixup', 'cutmix')

    def __init__(self, dataset: Union[dict, BaseDataset], style: str = 'mixup',
                 lam: float = 0.5, num_pairs: Optional[int] = None, seed: int = 0,
                 lazy_init: bool = False):
        owner = type(self).__name__
        if style not in self.STYLES:
            raise ValueError(f'{owner}: style must be one of {list(self.STYLES)}, got '
                             f'{style!r}.')
        check_range(owner, 'lam', lam, low=0, high=1)
        for name, value, low in (('num_pairs', num_pairs, 1), ('seed', seed, 0)):
            if value is not None and (not isinstance(value, numbers.Integral)
                                      or isinstance(value, bool) or value < low):
                raise ValueError(f'{owner}: {name} must be an integer >= {low}, got '
                                 f'{value!r}.')
        check_range(owner, 'seed', seed, high=2**32, high_open=True)
        self.dataset = DATASETS.build(dataset) if isinstance(dataset, dict) else dataset
        self.style = style
        self.lam = float(lam)
        self.num_pairs = num_pairs
        self.seed = int(seed)
        self._fully_initialized = False
        if not lazy_init:
            self.full_init()

    @property
    def metainfo(self) -> dict:
        """The wrapped dataset's metainfo (``classes``, ...)."""
        return copy.deepcopy(self.dataset.metainfo)

    def full_init(self):
        """Initialise the wrapped dataset and draw the pairs and box positions."""
        if self._fully_initialized:
            return
        self.dataset.full_init()
        self.labels = np.array([self._label_of(i) for i in range(len(self.dataset))],
                               dtype=np.int64)
        self.pairs, self.box_draws = self._draw_pairs()
        self._fully_initialized = True

    def _label_of(self, index: int) -> int:
        classes = self.dataset.get_cat_ids(index)
        if len(classes) != 1:
            raise ValueError(f'{type(self).__name__}: sample {index} of the wrapped '
                             f'dataset has {len(classes)} classes; in-between pairs need '
                             'single-label samples.')
        return int(classes[0])

    def _draw_pairs(self) -> Tuple[np.ndarray, np.ndarray]:
        """``(num_pairs, 2)`` indices ``(a, b)`` of different classes, and
        ``(num_pairs, 2)`` uniform numbers in ``[0, 1)`` placing each CutMix box."""
        total = len(self.labels)
        classes, counts = np.unique(self.labels, return_counts=True)
        if len(classes) < 2:
            raise ValueError(
                f'{type(self).__name__}: all {total} samples of the wrapped dataset '
                f'are of {"no class" if total == 0 else f"class {classes[0]}"}; '
                'in-between pairs need at least two classes (check its indices).')
        num_pairs = total if self.num_pairs is None else self.num_pairs
        # The samples sorted by class: class c's samples fill one block of ``order``,
        # and the j-th sample outside that block is order[j], or order[j + count]
        # once j reaches the block.
        order = np.argsort(self.labels, kind='stable')
        start = np.concatenate([[0], np.cumsum(counts)[:-1]])
        rng = np.random.RandomState(self.seed)
        first = rng.randint(total, size=num_pairs)
        which = np.searchsorted(classes, self.labels[first])
        other = rng.randint(0, total - counts[which])
        other = other + np.where(other >= start[which], counts[which], 0)
        box_draws = rng.random_sample((num_pairs, 2))
        return np.stack([first, order[other]], axis=1), box_draws

    def __len__(self) -> int:
        self.full_init()
        return len(self.pairs)

    def cutmix_box(self, index: int, height: int, width: int) -> Tuple[slice, slice]:
        r"""Rows and columns of pair ``index``'s CutMix box on ``height`` x ``width``
        images: sides of :math:`\sqrt{1 - \lambda}` of the image's, rounded, at the
        pair's uniform position among those inside the image."""
        self.full_init()
        side = math.sqrt(1.0 - self.lam)
        box_h, box_w = (int(math.floor(n * side + 0.5)) for n in (height, width))
        top, left = (int(u * (n - box + 1))
                     for u, n, box in zip(self.box_draws[index], (height, width),
                                          (box_h, box_w)))
        return slice(top, top + box_h), slice(left, left + box_w)

    def __getitem__(self, index: int) -> dict:
        self.full_init()
        a, b = (int(i) for i in self.pairs[index])
        data, other = self.dataset[a], self.dataset[b]
        image_a, image_b = (self._packed_image(d, i) for d, i in ((data, a), (other, b)))
        if image_a.shape != image_b.shape:
            raise ValueError(
                f'{type(self).__name__}: images {a} and {b} of the wrapped dataset have '
                f'shapes {tuple(image_a.shape)} and {tuple(image_b.shape)}; mixing needs '
                "one size. Add a Resize (or CenterCrop) to the wrapped dataset's "
                'pipeline, before PackInputs.')
        image_a, image_b = image_a.float(), image_b.float()
        if self.style == 'mixup':
            mixed, lam = self.lam * image_a + (1 - self.lam) * image_b, self.lam
        else:
            rows, cols = self.cutmix_box(index, *image_a.shape[-2:])
            mixed = image_a.clone()
            mixed[..., rows, cols] = image_b[..., rows, cols]
            box = (rows.stop - rows.start) * (cols.stop - cols.start)
            lam = 1.0 - box / (image_a.shape[-2] * image_a.shape[-1])
        data['inputs'] = mixed
        data['data_samples'].set_metainfo({
            PAIR_LABELS_KEY: (int(self.labels[a]), int(self.labels[b])),
            PAIR_INDICES_KEY: (a, b), MIX_LAM_KEY: lam})
        return data

    def _packed_image(self, data, index: int) -> torch.Tensor:
        if not isinstance(data, dict) or not isinstance(data.get('inputs'), torch.Tensor) \
                or data.get('data_samples') is None:
            raise ValueError(
                f'{type(self).__name__}: sample {index} of the wrapped dataset is not a '
                "packed image (a dict with an 'inputs' tensor and 'data_samples'); end "
                "its pipeline with PackInputs (test-time augmentation's lists of "
                'images cannot be mixed).')
        return data['inputs']
