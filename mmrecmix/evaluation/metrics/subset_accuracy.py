r"""Top-1 accuracy of a 1000-class ImageNet model on a test set that covers a subset of
the classes: ImageNet-A and ImageNet-R (200 classes each, two different sets), as SMMix
(Table 5) and the sets' publishers report it. The logits of the classes outside the
subset are masked out before the argmax.

The class lists ship with mmrecmix, under ``data/`` next to this module, one wnid a
line: the 1000 ImageNet-1k wnids in the standard order (sorted, the order of
mmpretrain's ``IMAGENET_CATEGORIES``) and the 200 wnids of each set, copied from the
publishers' evaluation code (the sources are in the files' first lines).
"""
import functools
import numbers
import os.path as osp
from typing import Dict, List, Optional, Sequence, Tuple, Union

import torch
from mmengine.evaluator import BaseMetric

from mmrecmix.registry import METRICS

from .sample_fields import require_fields

__all__ = ['SubsetAccuracy', 'imagenet_wnids', 'subset_wnids', 'subset_indices',
           'SUBSETS']

DATA_DIR = osp.join(osp.dirname(osp.abspath(__file__)), 'data')
#: The named subsets and the files of their wnids.
SUBSETS = {'imagenet-a': 'imagenet_a_wnids.txt', 'imagenet-r': 'imagenet_r_wnids.txt'}
NUM_IMAGENET_CLASSES = 1000


@functools.lru_cache(maxsize=None)
def _read_wnids(file_name: str) -> Tuple[str, ...]:
    with open(osp.join(DATA_DIR, file_name)) as f:
        lines = (line.strip() for line in f)
        return tuple(line for line in lines if line and not line.startswith('#'))


def imagenet_wnids() -> Tuple[str, ...]:
    """The 1000 ImageNet-1k wnids; the position of a wnid is its class index."""
    return _read_wnids('imagenet_wnids.txt')


def _check_subset_name(owner: str, name) -> None:
    if name not in SUBSETS:
        raise ValueError(f'{owner}: subset must be one of {sorted(SUBSETS)} or a list of '
                         f'class indices, got {name!r}.')


def subset_wnids(name: str) -> Tuple[str, ...]:
    """The 200 wnids of the subset ``name`` (``'imagenet-a'`` or ``'imagenet-r'``),
    sorted."""
    _check_subset_name('subset_wnids', name)
    return _read_wnids(SUBSETS[name])


def subset_indices(name: str) -> Tuple[int, ...]:
    """The ImageNet-1k class indices of the subset ``name``, ascending: the
    ``indices_in_1k`` of the publisher's evaluation code."""
    _check_subset_name('subset_indices', name)
    index = {wnid: i for i, wnid in enumerate(imagenet_wnids())}
    return tuple(sorted(index[wnid] for wnid in subset_wnids(name)))


@METRICS.register_module()
class SubsetAccuracy(BaseMetric):
    r"""Top-1 accuracy (%) over a subset :math:`S` of the classes, the other classes'
    scores masked out:

    .. math::

        \mathrm{acc} = \frac{100}{N} \sum_{n=1}^{N}
        \mathbb{1}\big[\operatorname*{arg\,max}_{c \in S} p_{n,c} = y_n\big],

    where :math:`p_n` are the model's class scores for sample :math:`n` and
    :math:`y_n \in S` its label. It is the evaluation of ImageNet-A and ImageNet-R:
    a 1000-class model is scored on the 200 classes of the set.

    **Labels.** :math:`y_n` is a class index of the model's label space (0-999 for
    ImageNet-1k), as :class:`~mmrecmix.datasets.imagenet_variants.ImageNetA` and
    ``ImageNetR`` give; a label outside :math:`S` is refused. The publishers' code
    takes ``output[:, indices_in_1k]``, whose argmax is a position among the 200
    classes, and compares it with the label of torchvision's ``ImageFolder``, the
    position of the class among the 200 sorted wnids. Since the 1000 classes are in
    sorted-wnid order too, the two positions name the same class, and the result is
    the same; we map the argmax back to the 1000 instead, so that the labels stay those
    of the model (and its class names).

    **Scores.** ``pred_score`` (an mmpretrain classifier's softmax of the logits) has
    the order of the logits, so its argmax over :math:`S` is the publishers' argmax of
    the logits; only if every class of :math:`S` has a probability that underflows to
    0 does it fall on the first class of :math:`S`. On a tie the first class of
    :math:`S` (in the order given) wins.

    Plain accuracy on ImageNet-Sketch and Stylized-ImageNet (all 1000 classes) is
    mmpretrain's ``Accuracy``.

    Reference: the publishers' evaluation code, ``eval.py`` of
    hendrycks/natural-adv-examples (ImageNet-A) and hendrycks/imagenet-r; mmcls 1.x has
    no such metric.

    Args:
        subset (str | Sequence[int]): ``'imagenet-a'`` or ``'imagenet-r'`` (the 200
            classes of that set; the model must predict the 1000 ImageNet-1k classes),
            or the class indices of :math:`S` (distinct integers >= 0).
        collect_device (str): Where the per-sample results are gathered across ranks,
            ``'cpu'`` or ``'gpu'``. Defaults to ``'cpu'``.
        prefix (str, optional): Prefix of the result name. Defaults to
            ``'subset_accuracy'``: the result is ``subset_accuracy/top1``.
    """
    default_prefix: Optional[str] = 'subset_accuracy'

    def __init__(self, subset: Union[str, Sequence[int]], collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        owner = type(self).__name__
        if isinstance(subset, str):
            _check_subset_name(owner, subset)
            indices = subset_indices(subset)
            self.num_classes: Optional[int] = NUM_IMAGENET_CLASSES
        else:
            indices = self._check_indices(owner, subset)
            self.num_classes = None
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.subset = subset
        self.indices = torch.tensor(indices, dtype=torch.long)
        self._members = frozenset(indices)

    @staticmethod
    def _check_indices(owner: str, subset) -> Tuple[int, ...]:
        fix = (f"{owner}: subset must be 'imagenet-a', 'imagenet-r' or a non-empty list "
               'of distinct class indices (integers >= 0)')
        if not isinstance(subset, (list, tuple, range)) or not subset:
            raise ValueError(f'{fix}, got {subset!r}.')
        bad = [i for i in subset if not isinstance(i, numbers.Integral)
               or isinstance(i, bool) or i < 0]
        if bad:
            raise ValueError(f'{fix}; {bad[:5]} are not.')
        if len(set(subset)) != len(subset):
            repeated = sorted({i for i in subset if subset.count(i) > 1})
            raise ValueError(f'{fix}; {repeated[:5]} appear more than once.')
        return tuple(int(i) for i in subset)

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        """Keep, per sample, the predicted class within the subset (a class index of
        the model) and the label."""
        owner = type(self).__name__
        for data_sample in data_samples:
            require_fields(owner, data_sample, ('pred_score', 'gt_label'),
                           "the metric needs the model's class scores (pred_score, from "
                           "a classifier's predict mode) and the label (gt_label).")
            score = torch.as_tensor(data_sample['pred_score']).detach().cpu()
            label = torch.as_tensor(data_sample['gt_label']).reshape(-1)
            if score.dim() != 1:
                raise ValueError(f'{owner}: pred_score must be a 1-D tensor of class '
                                 f'scores, got shape {tuple(score.shape)}.')
            self._check_classes(owner, score.numel())
            if label.numel() != 1:
                raise ValueError(f'{owner}: gt_label must hold one class, got '
                                 f'{label.numel()} values.')
            gt = int(label.item())
            if gt not in self._members:
                raise ValueError(
                    f'{owner}: the label {gt} is not a class of the subset '
                    f'{self._describe()}; labels are class indices of the model '
                    '(0-999 for ImageNet-1k), as mmrecmix.ImageNetA / ImageNetR give. '
                    'Check that the dataset matches the subset.')
            pred = int(self.indices[score[self.indices].argmax()])
            self.results.append(dict(pred=pred, gt=gt))

    def _check_classes(self, owner: str, num_scores: int) -> None:
        if self.num_classes is not None and num_scores != self.num_classes:
            raise ValueError(
                f'{owner}: the subset {self.subset!r} holds ImageNet-1k class indices, '
                f'but the model scores {num_scores} classes; use a model with '
                f'num_classes={self.num_classes}.')
        if num_scores <= int(self.indices.max()):
            raise ValueError(
                f'{owner}: the subset holds class {int(self.indices.max())} but the '
                f'model scores only {num_scores} classes; give indices below '
                f'{num_scores}.')

    def _describe(self) -> str:
        if isinstance(self.subset, str):
            return repr(self.subset)
        return f'of {len(self._members)} classes'

    def compute_metrics(self, results: List[dict]) -> Dict[str, float]:
        """Top-1 accuracy in percent over all samples, as ``top1``."""
        if not results:
            raise ValueError(f'{type(self).__name__}: no samples to evaluate (an empty '
                             'dataset, or process() never called).')
        correct = sum(r['pred'] == r['gt'] for r in results)
        return dict(top1=100.0 * correct / len(results))
