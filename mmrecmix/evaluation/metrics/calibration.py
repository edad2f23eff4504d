"""Calibration of a classifier's confidences: expected and maximum calibration error
(Guo et al., ICML 2017, "On Calibration of Modern Neural Networks") and the
reliability diagram, as AutoMix reports them for CIFAR-100 ResNet-18 (Fig. 8).

A sample's confidence is the largest of its predicted class probabilities, and it is
correct when that class is the ground truth. The confidences are put into ``M``
equal-width bins over ``[0, 1]``; bin ``m`` (from 0) holds the confidences in
``[m / M, (m + 1) / M)``, so a confidence exactly on an inner edge goes to the bin
above it, as in torchmetrics (``torch.bucketize(..., right=True)`` over the edges of
``torch.linspace(0, 1, M + 1)`` in float32), and the last bin is closed: a confidence
of exactly 1 belongs to it. (torchmetrics 1.9 counts a confidence of 1 in a hidden
``(M + 1)``-th bin of its own, its open issue #3510; Guo et al. have ``M`` bins.)

torchmetrics' ``multiclass_calibration_error`` computes the same ECE but keeps its
per-bin statistics private, and the reliability diagram needs them, so the binning
here is our own (:func:`calibration_bins`) and the tests hold it equal to torchmetrics.
"""
import json
import numbers
import os
import os.path as osp
from typing import List, NamedTuple, Optional, Sequence, Tuple

import torch
from mmengine.evaluator import BaseMetric

from mmrecmix.registry import METRICS
from mmrecmix.utils.validation import check_range

from .sample_fields import require_fields

__all__ = ['CalibrationBins', 'CalibrationError', 'calibration_bins',
           'calibration_errors', 'plot_reliability_diagram', 'DIAGRAM_SIZE']

#: The reliability diagram's size in pixels (width, height): 4.8 x 4.8 inches at 100 dpi.
DIAGRAM_SIZE = (480, 480)
_DPI = 100


class CalibrationBins(NamedTuple):
    """Per-bin statistics of :func:`calibration_bins`, each a tensor of ``num_bins``
    values, bin ``m`` covering confidences in ``[m / num_bins, (m + 1) / num_bins)``
    (the last bin closed)."""
    #: Fraction of correct predictions in each bin (float64); NaN for an empty bin.
    accuracy: torch.Tensor
    #: Mean confidence in each bin (float64); NaN for an empty bin.
    confidence: torch.Tensor
    #: Number of samples in each bin (int64).
    count: torch.Tensor

    @property
    def num_bins(self) -> int:
        """The number of bins."""
        return len(self.count)


def _check_num_bins(owner: str, num_bins) -> None:
    if not isinstance(num_bins, numbers.Integral) or isinstance(num_bins, bool):
        raise ValueError(f'{owner}: num_bins must be an integer >= 1, got {num_bins!r}.')
    check_range(owner, 'num_bins', num_bins, low=1)


def calibration_bins(confidences: torch.Tensor, correct: torch.Tensor,
                     num_bins: int = 15) -> CalibrationBins:
    """Bin the confidences into ``num_bins`` equal-width bins over ``[0, 1]`` and
    return each bin's accuracy, mean confidence and sample count.

    The bin of a confidence is found in float32 (as torchmetrics does), so a float32
    confidence equal to an edge of ``torch.linspace(0, 1, num_bins + 1)`` lands in
    the bin above that edge; a confidence of exactly 1 lands in the last bin. The
    sums are taken in float64.

    Args:
        confidences (Tensor): ``(N, )`` largest predicted probability of each
            sample, each in ``[0, 1]``.
        correct (Tensor): ``(N, )`` whether each sample's predicted class is its
            ground truth (bool, or 0 / 1).
        num_bins (int): Number of bins. Defaults to 15, as Guo et al.

    Returns:
        CalibrationBins: ``accuracy``, ``confidence`` (NaN where a bin is empty) and
        ``count``, one value per bin.
    """
    owner = 'calibration_bins'
    _check_num_bins(owner, num_bins)
    confidences = torch.as_tensor(confidences).detach().cpu()
    correct = torch.as_tensor(correct).detach().cpu()
    if confidences.dim() != 1 or correct.shape != confidences.shape:
        raise ValueError(f'{owner}: confidences and correct must be 1-D tensors of the '
                         f'same length, got shapes {tuple(confidences.shape)} and '
                         f'{tuple(correct.shape)}.')
    if confidences.numel() == 0:
        raise ValueError(f'{owner}: no samples (empty confidences); calibration needs '
                         'at least one prediction.')
    confidences = confidences.float()
    if not torch.isfinite(confidences).all():
        bad = (~torch.isfinite(confidences)).sum().item()
        raise ValueError(f'{owner}: {bad} of {confidences.numel()} confidences are NaN '
                         'or infinite.')
    if (confidences < 0).any() or (confidences > 1).any():
        raise ValueError(
            f'{owner}: confidences must lie in [0, 1] (probabilities, not logits); got '
            f'values from {confidences.min().item():g} to {confidences.max().item():g}.')

    edges = torch.linspace(0, 1, num_bins + 1, dtype=torch.float32)
    index = (torch.bucketize(confidences, edges, right=True) - 1).clamp_(max=num_bins - 1)
    count = torch.bincount(index, minlength=num_bins)
    confidence_sum = torch.zeros(num_bins, dtype=torch.float64).scatter_add_(
        0, index, confidences.double())
    correct_sum = torch.zeros(num_bins, dtype=torch.float64).scatter_add_(
        0, index, correct.double())
    size = count.double()
    empty = count == 0
    accuracy = (correct_sum / size).masked_fill_(empty, float('nan'))
    confidence = (confidence_sum / size).masked_fill_(empty, float('nan'))
    return CalibrationBins(accuracy, confidence, count)


def calibration_errors(bins: CalibrationBins) -> Tuple[float, float]:
    """ECE and MCE of binned predictions, in percent.

    ``ECE = sum_m |B_m| / n * |acc(B_m) - conf(B_m)|`` over the bins, and
    ``MCE = max_m |acc(B_m) - conf(B_m)|`` over the non-empty bins (Guo et al.,
    Eqs. 3 and 5), both times 100.

    Args:
        bins (CalibrationBins): What :func:`calibration_bins` returned.

    Returns:
        tuple[float, float]: ``(ece, mce)`` in percent.
    """
    filled = bins.count > 0
    gap = (bins.accuracy - bins.confidence).abs()[filled]
    weight = bins.count[filled].double() / bins.count.sum()
    ece = (weight * gap).sum().item() * 100
    mce = gap.max().item() * 100
    return ece, mce


def plot_reliability_diagram(bins: CalibrationBins, out_file: str,
                             ece: Optional[float] = None,
                             title: Optional[str] = None) -> str:
    """Draw a reliability diagram and save it as a PNG of :data:`DIAGRAM_SIZE` pixels.

    Each non-empty bin gets a bar as high as its accuracy over the bin's span of
    confidences; the gap between that accuracy and the bin's mean confidence is
    shaded (red, hatched); the dashed red diagonal is perfect calibration. Drawn
    with matplotlib's Agg canvas, without pyplot (no global backend is set).

    Args:
        bins (CalibrationBins): What :func:`calibration_bins` returned.
        out_file (str): The PNG to write; its folder is made if missing.
        ece (float, optional): ECE in percent, shown in the title. Defaults to the
            ECE of ``bins``.
        title (str, optional): A first title line (a model or method name).

    Returns:
        str: ``out_file``.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    if ece is None:
        ece = calibration_errors(bins)[0]
    width = 1.0 / bins.num_bins
    lefts = torch.arange(bins.num_bins, dtype=torch.float64) * width
    filled = bins.count > 0
    left = lefts[filled].tolist()
    accuracy = bins.accuracy[filled].tolist()
    confidence = bins.confidence[filled].tolist()
    low = [min(a, c) for a, c in zip(accuracy, confidence)]
    gap = [abs(a - c) for a, c in zip(accuracy, confidence)]

    figure = Figure(figsize=(DIAGRAM_SIZE[0] / _DPI, DIAGRAM_SIZE[1] / _DPI), dpi=_DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.bar(left, accuracy, width=width, align='edge', color='tab:blue',
             edgecolor='black', linewidth=0.6, label='Accuracy')
    axes.bar(left, gap, bottom=low, width=width, align='edge', color='tab:red',
             alpha=0.3, edgecolor='tab:red', hatch='//', linewidth=0.6, label='Gap')
    axes.plot([0, 1], [0, 1], linestyle='--', color='red', linewidth=1.2,
              label='Perfect calibration')
    axes.set_xlim(0, 1)
    axes.set_ylim(0, 1)
    axes.set_aspect('equal')
    axes.set_xlabel('Confidence')
    axes.set_ylabel('Accuracy')
    heading = f'ECE = {ece:.2f}%'
    axes.set_title(f'{title}\n{heading}' if title else heading)
    axes.legend(loc='upper left', fontsize='small')
    figure.tight_layout()

    folder = osp.dirname(osp.abspath(out_file))
    os.makedirs(folder, exist_ok=True)
    figure.savefig(out_file, format='png', dpi=_DPI)
    return out_file


@METRICS.register_module()
class CalibrationError(BaseMetric):
    """Expected (ECE) and maximum (MCE) calibration error of single-label
    predictions, in percent (like mmpretrain's accuracy), with an optional
    reliability diagram.

    Per sample, :meth:`process` keeps the largest value of ``pred_score`` (the
    confidence), its class (the predicted label) and ``gt_label``.
    :meth:`compute_metrics` bins the confidences into ``num_bins`` equal-width bins
    over ``[0, 1]`` (:func:`calibration_bins`; a confidence on an inner edge goes
    to the bin above, one of exactly 1 to the last bin) and returns::

        ece = 100 * sum_m |B_m| / n * |acc(B_m) - conf(B_m)|
        mce = 100 * max_m |acc(B_m) - conf(B_m)|   (non-empty bins)

    logged as ``calibration/ece`` and ``calibration/mce``. The per-bin accuracy,
    confidence and count of the last evaluation stay on the metric as
    :attr:`bins` (a :class:`CalibrationBins`), not among the logged scalars.

    mmengine gives a metric no way to the Runner's work dir, so the diagram is
    written only where ``out_file`` says, on the main process, overwritten at each
    evaluation (put the metric into ``test_evaluator``): a PNG drawn by
    :func:`plot_reliability_diagram`, and next to it a JSON file of the same name
    with ``ece``, ``mce`` and the per-bin numbers, for redrawing several models in
    one figure.

    Args:
        num_bins (int): Number of confidence bins, >= 1. Defaults to 15 (Guo et al.).
        out_file (str, optional): Where to save the reliability diagram, a ``.png``
            path. Defaults to None (no diagram).
        title (str, optional): A first title line for the diagram (e.g. the
            method). Defaults to None.
        collect_device (str): Device for gathering the results of the ranks,
            ``'cpu'`` or ``'gpu'``. Defaults to ``'cpu'``.
        prefix (str, optional): Prefix of the logged names. Defaults to
            ``'calibration'``.
    """
    default_prefix: Optional[str] = 'calibration'

    def __init__(self, num_bins: int = 15, out_file: Optional[str] = None,
                 title: Optional[str] = None, collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        owner = type(self).__name__
        _check_num_bins(owner, num_bins)
        if out_file is not None and (not isinstance(out_file, str)
                                     or not out_file.lower().endswith('.png')):
            raise ValueError(f'{owner}: out_file must be a path ending in .png, got '
                             f'{out_file!r}.')
        self.num_bins = num_bins
        self.out_file = out_file
        self.title = title
        self.bins: Optional[CalibrationBins] = None

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        """Keep the confidence, predicted label and ground truth of each sample.

        Args:
            data_batch: A batch of data from the dataloader (unused).
            data_samples (Sequence[dict]): The model's outputs for the batch,
                mmpretrain ``DataSample`` dicts with ``pred_score`` (class
                probabilities) and ``gt_label``.
        """
        owner = type(self).__name__
        scores, labels = [], []
        for data_sample in data_samples:
            require_fields(owner, data_sample, ('pred_score', 'gt_label'),
                           'calibration needs the predicted class probabilities '
                           '(pred_score, which mmpretrain classifiers set) and the '
                           'single-label ground truth (gt_label).')
            score = torch.as_tensor(data_sample['pred_score']).detach()
            label = torch.as_tensor(data_sample['gt_label']).detach().reshape(-1)
            if score.dim() != 1 or score.numel() == 0:
                raise ValueError(f'{owner}: pred_score must be a 1-D tensor of class '
                                 f'probabilities, got shape {tuple(score.shape)}.')
            if label.numel() != 1:
                raise ValueError(f'{owner}: gt_label must hold one class (single-label '
                                 f'data), got {label.numel()} values.')
            scores.append(score)
            labels.append(label)
        if not scores:
            return
        if len({score.shape for score in scores}) > 1:
            raise ValueError(f'{owner}: the pred_score of one batch differ in length.')
        scores = torch.stack(scores).float().cpu()
        labels = torch.cat(labels).cpu()
        if not torch.isfinite(scores).all():
            raise ValueError(f'{owner}: pred_score holds NaN or infinite values.')
        if (scores < 0).any() or (scores > 1).any():
            raise ValueError(
                f'{owner}: pred_score must be probabilities in [0, 1], got values from '
                f'{scores.min().item():g} to {scores.max().item():g} (logits?).')
        confidence, prediction = scores.max(dim=1)
        for conf, pred, gt in zip(confidence.tolist(), prediction.tolist(),
                                  labels.tolist()):
            self.results.append(dict(confidence=conf, pred_label=pred, gt_label=gt))

    def compute_metrics(self, results: List[dict]) -> dict:
        """ECE and MCE of all samples, and the diagram where ``out_file`` is set.

        Args:
            results (list[dict]): What :meth:`process` kept, from every rank.

        Returns:
            dict: ``ece`` and ``mce`` in percent.
        """
        if not results:
            raise ValueError(f'{type(self).__name__}: no samples to evaluate (an empty '
                             'dataset, or process() never called).')
        confidences = torch.tensor([r['confidence'] for r in results],
                                   dtype=torch.float32)
        predictions = torch.tensor([r['pred_label'] for r in results])
        targets = torch.tensor([r['gt_label'] for r in results])
        self.bins = calibration_bins(confidences, predictions == targets, self.num_bins)
        ece, mce = calibration_errors(self.bins)
        if self.out_file is not None:
            plot_reliability_diagram(self.bins, self.out_file, ece=ece, title=self.title)
            summary = dict(ece=ece, mce=mce, num_samples=len(results),
                           num_bins=self.num_bins,
                           **{key: [None if v != v else v for v in value.tolist()]
                              for key, value in self.bins._asdict().items()})
            with open(osp.splitext(self.out_file)[0] + '.json', 'w') as f:
                json.dump(summary, f, indent=2)
        return dict(ece=ece, mce=mce)
