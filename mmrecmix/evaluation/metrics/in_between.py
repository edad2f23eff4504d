"""How often a classifier predicts neither class of an in-between class sample (CutMix
paper, Yun et al., ICCV 2019, Sec. 4.3, Fig. 5b): the robustness of a model to images
mixed from two classes, Mixup- or CutMix-style, at a fixed combination ratio."""
import numbers
from typing import Dict, List, Optional, Sequence

import torch
from mmengine.evaluator import BaseMetric

from mmrecmix.registry import METRICS

from .sample_fields import require_fields

__all__ = ['InBetweenClassMisses', 'PAIR_LABELS_KEY', 'PAIR_INDICES_KEY', 'MIX_LAM_KEY']

#: The metainfo key of an in-between sample's two classes ``(y_a, y_b)``.
PAIR_LABELS_KEY = 'pair_labels'
#: The metainfo key of the indices ``(a, b)`` of its two images in the wrapped dataset.
PAIR_INDICES_KEY = 'pair_indices'
#: The metainfo key of its combination ratio: the share of image ``a`` (in area, for
#: CutMix after rounding the box to whole pixels).
MIX_LAM_KEY = 'mix_lam'


@METRICS.register_module()
class InBetweenClassMisses(BaseMetric):
    r"""The rate (%) at which a classifier predicts neither of the two classes of an
    in-between class sample, at top-1 and top-2.

    For a sample mixed from images of classes :math:`y_a \ne y_b` and the model's
    class scores :math:`p`, with :math:`T_k(p)` the set of the :math:`k` classes of
    highest score (ties broken as ``torch.topk`` breaks them),

    .. math::

        \mathrm{miss}_k = 100 \cdot \frac{1}{N} \sum_{i=1}^{N}
        \mathbb{1}\left[\{y_a^i, y_b^i\} \cap T_k(p^i) = \emptyset\right].

    ``top1_miss`` is the paper's measure, "the probability to predict neither two
    classes", which its text calls the top-1 error of in-between samples: the argmax
    is neither class. The text defines no top-2 measure; ``top2_miss`` applies the
    same rule to the two highest scores, so a sample misses when neither class is
    among them and a prediction with either class in its top two is not a miss.
    (AutoMix's and SMMix's "top-2 accuracy" of mixed images asks for more, the two
    highest scores being exactly both classes; that is not this measure.)

    The two classes are read from the data sample's metainfo ``pair_labels``, which
    :class:`mmrecmix.datasets.InBetweenClassPairs` writes; its ``gt_label`` (the first
    class) is not used. Logged as ``in_between/top1_miss`` and
    ``in_between/top2_miss``; lower is better. Per-sample results are gathered from
    every rank before the rates are taken.

    Args:
        topk (int | tuple[int]): The ``k`` to report, each >= 1. Defaults to
            ``(1, 2)``, as the paper.
        collect_device (str): Device for gathering the results of the ranks,
            ``'cpu'`` or ``'gpu'``. Defaults to ``'cpu'``.
        prefix (str, optional): Prefix of the logged names. Defaults to
            ``'in_between'``.
    """
    default_prefix: Optional[str] = 'in_between'

    def __init__(self, topk=(1, 2), collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        topk = (topk, ) if isinstance(topk, numbers.Integral) else tuple(topk or ())
        if not topk or not all(isinstance(k, numbers.Integral) and not isinstance(k, bool)
                               and k >= 1 for k in topk):
            raise ValueError(f'InBetweenClassMisses: topk must be an integer >= 1 or a '
                             f'tuple of them, e.g. (1, 2), got {topk!r}.')
        self.topk = tuple(sorted(set(int(k) for k in topk)))

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        """Keep, per sample and ``k``, whether neither class is among the top ``k``.

        Args:
            data_batch: A batch of data from the dataloader (unused).
            data_samples (Sequence[dict]): The model's outputs, mmpretrain
                ``DataSample`` dicts with ``pred_score`` and the metainfo
                ``pair_labels``.
        """
        owner = type(self).__name__
        for data_sample in data_samples:
            require_fields(owner, data_sample, ('pred_score', ),
                           "the metric needs the model's class scores (a classifier's "
                           'predict mode).')
            if data_sample.get(PAIR_LABELS_KEY) is None:
                raise ValueError(
                    f'{owner}: a data sample has no {PAIR_LABELS_KEY!r} (it has '
                    f'{sorted(data_sample.keys())}). Build the test set with '
                    "type='mmrecmix.InBetweenClassPairs' (dataset=<the test set>), "
                    'which mixes two images of different classes and records both.')
            pair = torch.as_tensor(data_sample[PAIR_LABELS_KEY]).reshape(-1).tolist()
            if len(pair) != 2 or pair[0] == pair[1]:
                raise ValueError(f'{owner}: {PAIR_LABELS_KEY} must be two different '
                                 f'classes, got {pair!r}.')
            score = torch.as_tensor(data_sample['pred_score']).detach().reshape(-1)
            if self.topk[-1] > score.numel():
                raise ValueError(f'{owner}: top-{self.topk[-1]} asked of '
                                 f'{score.numel()} classes; lower topk.')
            ranked = score.topk(self.topk[-1]).indices.tolist()
            self.results.append({f'top{k}_miss': not set(pair) & set(ranked[:k])
                                 for k in self.topk})

    def compute_metrics(self, results: List[dict]) -> Dict[str, float]:
        """The miss rates, in percent, over the samples of every rank.

        Args:
            results (list[dict]): What :meth:`process` kept.

        Returns:
            dict: ``top{k}_miss`` for each ``k`` of ``topk``.
        """
        if not results:
            raise ValueError(f'{type(self).__name__}: no samples to evaluate (an empty '
                             'dataset, or process() never called).')
        return {key: 100.0 * sum(r[key] for r in results) / len(results)
                for key in results[0]}
