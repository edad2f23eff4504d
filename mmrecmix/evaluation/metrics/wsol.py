"""Weakly supervised object localisation (WSOL) from class activation maps: boxes
drawn around a thresholded CAM, scored by their IoU with the annotated boxes.

Two protocols, both on the CAMs that :class:`~mmrecmix.evaluation.cam.CAMTestLoop`
puts into each test sample, in the frame of the network input (wsolevaluation resizes
each test image to 224 x 224 without a crop, and the boxes with it):

- :class:`MaxBoxAccV2` (Choe et al., "Evaluating Weakly Supervised Object Localization
  Methods Right", CVPR 2020), reported by AutoMix Table 8 on CUB-200: the CAM of the
  ground-truth class, a box around every contour of the thresholded map, the
  fraction of images where one of them reaches IoU >= delta with a true box, at the
  best CAM threshold, for delta in 30 / 50 / 70 % and their mean.
- :class:`CAMLocalizationAccuracy`, the accuracy of CutMix Tables 1 and 9 (after CAM,
  Zhou et al. 2016): one threshold, the box of the largest contour; top-1 loc counts
  an image when its predicted class is right and the box of that class's CAM has
  IoU >= 0.5 with a true box, GT-known loc uses the CAM of the true class.

The maps, boxes and IoUs follow clovaai/wsolevaluation's ``evaluation.py`` and
``inference.py`` step for step (:func:`normalized_scoremap`, :func:`scoremap_boxes`,
:func:`box_iou`), so the numbers are theirs; the differences are listed in
``docs/evaluation/localization.md``.
"""
from typing import Dict, List, Optional, Sequence, Tuple

import cv2
import numpy as np
import torch
from mmengine.evaluator import BaseMetric

from mmrecmix.evaluation.cam import GT_CAM
from mmrecmix.registry import METRICS

from .sample_fields import require_fields

__all__ = ['CAMLocalizationAccuracy', 'MaxBoxAccV2', 'best_iou_per_threshold',
           'box_iou', 'normalized_scoremap', 'pixel_boxes', 'scoremap_boxes']

# A box of float pixels is truncated to whole pixels after this much slack, so that
# mmcv's ``x * (224 / w)`` gives wsolevaluation's ``int(x * 224 / w)`` also where that
# product is a whole number that float rounding puts just below it.
_ROUNDING_SLACK = 1e-6


def normalized_scoremap(cam, size: Tuple[int, int]) -> np.ndarray:
    """A CAM upsampled to ``size`` and min-max normalised to ``[0, 1]``, as
    wsolevaluation's ``CAMComputer`` makes its score maps: bicubic ``cv2.resize`` in
    float64, then ``(cam - min) / (max - min)``; a constant (or NaN) map becomes all
    zeros.

    Args:
        cam (Tensor or ndarray): ``(h, w)`` map at the feature map's resolution.
        size (tuple[int, int]): ``(height, width)`` of the network input.

    Returns:
        ndarray: ``(height, width)`` float64 map in ``[0, 1]``.
    """
    cam = torch.as_tensor(cam).detach().cpu().double().numpy()
    if cam.ndim != 2:
        raise ValueError(f'a CAM must be a 2-D map, got shape {cam.shape}.')
    height, width = int(size[0]), int(size[1])
    scoremap = cv2.resize(cam, (width, height), interpolation=cv2.INTER_CUBIC)
    if np.isnan(scoremap).any() or scoremap.min() == scoremap.max():
        return np.zeros_like(scoremap)
    scoremap = scoremap - scoremap.min()
    return scoremap / scoremap.max()


def scoremap_boxes(scoremap: np.ndarray, thresholds: Sequence[float],
                   multi_contour: bool) -> Tuple[np.ndarray, np.ndarray]:
    """Boxes of a score map thresholded at each of ``thresholds``, as wsolevaluation's
    ``compute_bboxes_from_scoremaps``.

    The map is quantised to ``uint8`` (``scoremap * 255``); at threshold ``t`` the
    pixels above ``int(t * max)`` are kept (``cv2.THRESH_BINARY``) and their contours
    found (``cv2.findContours``, ``RETR_TREE``, ``CHAIN_APPROX_SIMPLE``). Each contour
    gives ``cv2.boundingRect`` ``(x, y, w, h)`` as the box ``(x, y, min(x + w, W - 1),
    min(y + h, H - 1))``; with ``multi_contour`` every contour counts (MaxBoxAccV2),
    without it only the one of largest ``cv2.contourArea`` (MaxBoxAcc, CAM). A
    threshold that keeps nothing gives the box ``(0, 0, 0, 0)``.

    Args:
        scoremap (ndarray): ``(H, W)`` map in ``[0, 1]``.
        thresholds (Sequence[float]): CAM thresholds in ``[0, 1)``.
        multi_contour (bool): Whether every contour gives a box.

    Returns:
        tuple[ndarray, ndarray]: ``(B, 4)`` int64 boxes ``(x0, y0, x1, y1)`` of all
        thresholds one after another, and ``(T, )`` how many belong to each.
    """
    height, width = scoremap.shape
    image = (scoremap * 255).astype(np.uint8)
    peak = int(image.max())
    by_level: Dict[int, List[List[int]]] = {}
    boxes, counts = [], []
    for threshold in thresholds:
        level = int(threshold * peak)
        if level not in by_level:
            _, binary = cv2.threshold(image, level, 255, cv2.THRESH_BINARY)
            contours = cv2.findContours(binary, cv2.RETR_TREE,
                                        cv2.CHAIN_APPROX_SIMPLE)[0]
            if not contours:
                found = [[0, 0, 0, 0]]
            else:
                if not multi_contour:
                    contours = [max(contours, key=cv2.contourArea)]
                found = []
                for contour in contours:
                    x, y, w, h = cv2.boundingRect(contour)
                    found.append([x, y, min(x + w, width - 1), min(y + h, height - 1)])
            by_level[level] = found
        boxes.extend(by_level[level])
        counts.append(len(by_level[level]))
    return np.asarray(boxes, dtype=np.int64), np.asarray(counts, dtype=np.int64)


def box_iou(boxes_a: np.ndarray, boxes_b: np.ndarray) -> np.ndarray:
    """IoU of every box of ``boxes_a`` with every box of ``boxes_b``, both
    ``(x0, y0, x1, y1)`` with inclusive ends (a box covers ``x1 - x0 + 1`` pixels), as
    wsolevaluation's ``calculate_multiple_iou``: a pair whose union is not positive
    has IoU 0.

    Returns:
        ndarray: ``(len(boxes_a), len(boxes_b))`` float64 IoUs.
    """
    a = np.asarray(boxes_a, dtype=np.float64)[:, None, :]
    b = np.asarray(boxes_b, dtype=np.float64)[None, :, :]
    inter_w = np.maximum(0, np.minimum(a[..., 2], b[..., 2])
                         - np.maximum(a[..., 0], b[..., 0]) + 1)
    inter_h = np.maximum(0, np.minimum(a[..., 3], b[..., 3])
                         - np.maximum(a[..., 1], b[..., 1]) + 1)
    intersection = inter_w * inter_h
    area_a = (a[..., 2] - a[..., 0] + 1) * (a[..., 3] - a[..., 1] + 1)
    area_b = (b[..., 2] - b[..., 0] + 1) * (b[..., 3] - b[..., 1] + 1)
    union = area_a + area_b - intersection
    positive = union > 0
    return np.where(positive, intersection / np.where(positive, union, 1), 0.0)


def best_iou_per_threshold(scoremap: np.ndarray, gt_boxes: np.ndarray,
                           thresholds: Sequence[float],
                           multi_contour: bool) -> np.ndarray:
    """For each CAM threshold, the best IoU of any of its boxes with any true box
    (wsolevaluation's ``BoxEvaluator.accumulate`` before counting).

    Returns:
        ndarray: ``(T, )`` float64.
    """
    boxes, counts = scoremap_boxes(scoremap, thresholds, multi_contour)
    best_per_box = box_iou(boxes, gt_boxes).max(axis=1)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    return np.maximum.reduceat(best_per_box, starts)


def pixel_boxes(gt_bboxes, owner: str) -> np.ndarray:
    """The true boxes of a sample as whole pixels of the network input: ``(k, 4)``
    ``(x1, y1, x2, y2)`` floats (as mmcv's ``Resize`` leaves them) truncated as
    wsolevaluation's ``resize_bbox`` truncates its rescaled boxes."""
    boxes = np.asarray(gt_bboxes, dtype=np.float64)
    if boxes.ndim != 2 or boxes.shape[1] != 4 or len(boxes) == 0:
        raise ValueError(f'{owner}: gt_bboxes must be (k, 4) boxes (x1, y1, x2, y2), '
                         f'k >= 1, got shape {boxes.shape}.')
    if (boxes < 0).any() or (boxes[:, 2:] < boxes[:, :2]).any():
        raise ValueError(f'{owner}: gt_bboxes must be non-negative (x1, y1, x2, y2) '
                         f'with x2 >= x1 and y2 >= y1, got {boxes.tolist()}.')
    return np.floor(boxes + _ROUNDING_SLACK).astype(np.int64)


_NEEDS = ('localisation needs the CAMs of mmrecmix.CAMTestLoop (test_cfg = '
          "dict(type='mmrecmix.CAMTestLoop')), the true boxes packed by the pipeline "
          "(PackInputs(algorithm_keys=('gt_bboxes', ))) and img_shape.")


def _single(value) -> int:
    return int(torch.as_tensor(value).reshape(-1)[0])


@METRICS.register_module()
class MaxBoxAccV2(BaseMetric):
    """MaxBoxAccV2 (Choe et al., CVPR 2020): box accuracy at the best CAM threshold,
    for several IoU thresholds, and their mean, in percent.

    For each image, the CAM of its ground-truth class is upsampled to the network
    input and min-max normalised (:func:`normalized_scoremap`); at each CAM threshold
    ``t`` in ``np.arange(0, 1, cam_curve_interval)`` every contour of the map above
    ``t`` gives a box (:func:`scoremap_boxes`), and the image counts as localised at
    ``(t, delta)`` when one box has IoU >= ``delta`` with one of its true boxes
    (:func:`box_iou`, inclusive pixel ends). Then::

        BoxAcc(t, delta) = 100 * #localised(t, delta) / #images
        MaxBoxAccV2(delta) = max_t BoxAcc(t, delta)
        mean = the mean over the IoU thresholds

    logged as ``maxboxacc_v2/iou30``, ``/iou50``, ``/iou70`` and ``/mean``. The best
    CAM threshold of each delta stays on the metric as :attr:`best_thresholds`.
    :meth:`process` keeps only a ``(len(iou_thresholds), T)`` boolean table per image
    (300 bytes at the defaults), so the ranks share the contour work.

    Args:
        cam_curve_interval (float): Step of the CAM thresholds, in ``(0, 1)``.
            Defaults to 0.01 (the value of wsolevaluation's README example; its
            training script defaults to 0.001).
        iou_thresholds (Sequence[int]): IoU thresholds in percent. Defaults to
            ``(30, 50, 70)``.
        multi_contour (bool): Boxes of every contour (V2) or of the largest only
            (the first MaxBoxAcc). Defaults to True.
        collect_device (str): ``'cpu'`` or ``'gpu'``. Defaults to ``'cpu'``.
        prefix (str, optional): Defaults to ``'maxboxacc_v2'``.
    """
    default_prefix: Optional[str] = 'maxboxacc_v2'

    def __init__(self, cam_curve_interval: float = 0.01,
                 iou_thresholds: Sequence[int] = (30, 50, 70),
                 multi_contour: bool = True, collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        owner = type(self).__name__
        if not 0 < cam_curve_interval < 1:
            raise ValueError(f'{owner}: cam_curve_interval must be in (0, 1), got '
                             f'{cam_curve_interval!r}.')
        if not iou_thresholds or not all(
                isinstance(t, int) and 0 < t <= 100 for t in iou_thresholds):
            raise ValueError(f'{owner}: iou_thresholds must be integers in (0, 100] '
                             f'(percent), got {iou_thresholds!r}.')
        self.cam_thresholds = np.arange(0, 1, cam_curve_interval)
        self.iou_thresholds = tuple(iou_thresholds)
        self.multi_contour = multi_contour
        self.best_thresholds: Optional[Dict[int, float]] = None

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        """Keep, per image, whether it is localised at each (IoU, CAM) threshold."""
        owner = type(self).__name__
        deltas = np.asarray(self.iou_thresholds, dtype=np.float64)[:, None] / 100
        for sample in data_samples:
            require_fields(owner, sample, (GT_CAM, 'gt_bboxes', 'img_shape'), _NEEDS)
            scoremap = normalized_scoremap(sample[GT_CAM], sample['img_shape'])
            best = best_iou_per_threshold(
                scoremap, pixel_boxes(sample['gt_bboxes'], owner), self.cam_thresholds,
                self.multi_contour)
            self.results.append(dict(localised=best[None, :] >= deltas))

    def compute_metrics(self, results: List[dict]) -> dict:
        """MaxBoxAccV2 per IoU threshold and their mean, in percent."""
        if not results:
            raise ValueError(f'{type(self).__name__}: no samples to evaluate.')
        localised = np.stack([r['localised'] for r in results]).sum(axis=0)
        accuracy = localised * 100. / len(results)
        best = accuracy.argmax(axis=1)
        self.best_thresholds = {delta: float(self.cam_thresholds[i])
                                for delta, i in zip(self.iou_thresholds, best)}
        metrics = {f'iou{delta}': float(accuracy[k, best[k]])
                   for k, delta in enumerate(self.iou_thresholds)}
        metrics['mean'] = float(np.mean(list(metrics.values())))
        return metrics


@METRICS.register_module()
class CAMLocalizationAccuracy(BaseMetric):
    """Top-1 and GT-known localisation accuracy at one CAM threshold, in percent (CAM,
    Zhou et al. 2016; the "loc acc" of CutMix Tables 1 and 9).

    Each CAM is upsampled and normalised as in :class:`MaxBoxAccV2`, thresholded at
    ``cam_threshold`` and boxed around its largest contour. An image is

    - GT-known localised when the box of its true class's CAM has IoU >=
      ``iou_threshold`` with one of its true boxes;
    - top-1 localised when its top-1 class is right and the box of that class's CAM
      does (the same map then).

    logged as ``cam_loc/top1_loc``, ``cam_loc/gt_known_loc`` and the plain
    ``cam_loc/top1_cls`` of the same images.

    Args:
        cam_threshold (float): Fraction of the normalised map's maximum above which
            pixels are kept, in ``[0, 1)``. Defaults to 0.2 (CAM's 20 %; CutMix
            does not give its value).
        iou_threshold (float): Defaults to 0.5.
        multi_contour (bool): Keep the best box of every contour instead of the
            largest. Defaults to False.
        collect_device (str): ``'cpu'`` or ``'gpu'``. Defaults to ``'cpu'``.
        prefix (str, optional): Defaults to ``'cam_loc'``.
    """
    default_prefix: Optional[str] = 'cam_loc'

    def __init__(self, cam_threshold: float = 0.2, iou_threshold: float = 0.5,
                 multi_contour: bool = False, collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        owner = type(self).__name__
        if not 0 <= cam_threshold < 1:
            raise ValueError(f'{owner}: cam_threshold must be in [0, 1), got '
                             f'{cam_threshold!r}.')
        if not 0 < iou_threshold <= 1:
            raise ValueError(f'{owner}: iou_threshold must be in (0, 1], got '
                             f'{iou_threshold!r}.')
        self.cam_threshold = cam_threshold
        self.iou_threshold = iou_threshold
        self.multi_contour = multi_contour

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        """Keep, per image, whether its class is right and whether the CAM of its
        true class localises it (when the class is right, that is also the CAM of
        the predicted class)."""
        owner = type(self).__name__
        for sample in data_samples:
            require_fields(owner, sample, (GT_CAM, 'gt_bboxes', 'img_shape', 'gt_label',
                                           'pred_label'), _NEEDS)
            scoremap = normalized_scoremap(sample[GT_CAM], sample['img_shape'])
            best = best_iou_per_threshold(
                scoremap, pixel_boxes(sample['gt_bboxes'], owner), [self.cam_threshold],
                self.multi_contour)
            gt_known = bool(best[0] >= self.iou_threshold)
            correct = _single(sample['pred_label']) == _single(sample['gt_label'])
            self.results.append(dict(correct=correct, gt_known=gt_known,
                                     top1=correct and gt_known))

    def compute_metrics(self, results: List[dict]) -> dict:
        """Top-1 loc, GT-known loc and top-1 classification accuracy, in percent."""
        if not results:
            raise ValueError(f'{type(self).__name__}: no samples to evaluate.')
        share = {key: 100 * float(np.mean([r[key] for r in results]))
                 for key in ('top1', 'gt_known', 'correct')}
        return dict(top1_loc=share['top1'], gt_known_loc=share['gt_known'],
                    top1_cls=share['correct'])
