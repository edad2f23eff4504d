r"""Out-of-distribution (OOD) detection by score thresholding, as the CutMix paper
(Yun et al., ICCV 2019, Table 12) measures it: the maximum softmax probability (MSP) of
Hendrycks & Gimpel (ICLR 2017) is the score, the in-distribution test set is the
positive class, and three numbers are reported for each OOD set and averaged over the
sets: the true-negative rate at 95 % true-positive rate, the area under the ROC curve
and the detection accuracy, all in percent. The OOD sets and the three measures are
those of ODIN (Liang et al., ICLR 2018) and of Lee et al. (ICLR 2018, "Training
Confidence-calibrated Classifiers for Detecting Out-of-Distribution Samples").

A sample with score :math:`s` is accepted as in-distribution at threshold
:math:`\delta` when :math:`s \ge \delta`, for in- and out-of-distribution samples
alike. With :math:`S_{in}` and :math:`S_{out}` the scores of the two sets,

.. math::

    \mathrm{TPR}(\delta) = P(S_{in} \ge \delta), \qquad
    \mathrm{TNR}(\delta) = P(S_{out} < \delta).

- TNR at TPR 95 %: :math:`\mathrm{TNR}(\delta_{95})` with
  :math:`\delta_{95} = \max\{\delta : \mathrm{TPR}(\delta) \ge 0.95\}`, the highest
  threshold that still accepts at least 95 % of the in-distribution samples: the
  first point of the ROC curve, swept from the highest threshold down, whose TPR
  reaches 0.95 (as pytorch-ood's ``fpr_at_tpr``), so the TPR there is the smallest
  reachable value >= 0.95; no interpolation between thresholds.
- AUROC: the exact area under the ROC curve, ``sklearn.metrics.roc_auc_score``, i.e.
  :math:`P(S_{in} > S_{out}) + \frac{1}{2} P(S_{in} = S_{out})`.
- Detection accuracy: :math:`\max_\delta \frac{1}{2}\mathrm{TPR}(\delta) +
  \frac{1}{2}\mathrm{TNR}(\delta)`, the best balanced accuracy of any threshold
  (one minus the minimum detection error of ODIN's and Lee et al.'s code).

All three are computed exactly, at every distinct score (``sklearn.metrics.roc_curve``
with ``drop_intermediate=False``). The reference code sweeps a grid of thresholds
instead: ODIN's ``calMetric.py`` 100,000 steps over ``[0.01, 1)`` for CIFAR-100,
Lee et al.'s ``calculate_log.py`` 200,000 steps between the lowest and the highest
score; both count an in-distribution sample as accepted when :math:`s \ge \delta` but
an OOD sample as accepted only when :math:`s > \delta`, integrate the AUROC as a sum of
rectangles over the grid, and report the TNR at TPR 95 % as the mean over the grid
thresholds whose TPR lies in a band around 0.95 (ODIN ``[0.9495, 0.9505]``, Lee et al.
``[0.94, 0.96]``). On distinct scores and a fine grid these tend to the exact values
above; they differ by the grid's coarseness and by averaging over the band's TPR levels
(about 200 for Lee et al.'s band and 10,000 in-distribution images). Here one rule
serves both sets, so tied scores are accepted or rejected together.
"""
from typing import Dict, List, Optional, Sequence

import numpy as np
from mmengine.evaluator import BaseMetric
from sklearn.metrics import roc_auc_score, roc_curve

from mmrecmix.registry import METRICS

from .sample_fields import require_fields

__all__ = ['OODDetection', 'ood_detection_scores', 'OOD_SET_KEY', 'OOD_MEASURES']

# The metainfo key that names the OOD set of a sample (absent: in-distribution).
OOD_SET_KEY = 'ood_set'
# The three measures, in the paper's order.
OOD_MEASURES = ('tnr_at_tpr95', 'auroc', 'detection_acc')
SCORES = ('msp', )
TPR_LEVEL = 0.95


def _as_scores(owner: str, name: str, values) -> np.ndarray:
    scores = np.asarray(values, dtype=np.float64).reshape(-1)
    if scores.size == 0:
        raise ValueError(f'{owner}: no {name} scores; each OOD set is compared with a '
                         'non-empty in-distribution set.')
    if not np.isfinite(scores).all():
        raise ValueError(f'{owner}: {int((~np.isfinite(scores)).sum())} of {scores.size} '
                         f'{name} scores are NaN or infinite.')
    return scores


def ood_detection_scores(in_scores, out_scores) -> Dict[str, float]:
    """TNR at TPR 95 %, AUROC and detection accuracy (in percent) of separating
    ``in_scores`` (positive, in-distribution) from ``out_scores`` (OOD) by
    thresholding, higher scores meaning more in-distribution; definitions in the
    module docstring.

    Args:
        in_scores (array-like): Scores of the in-distribution samples.
        out_scores (array-like): Scores of the out-of-distribution samples.

    Returns:
        dict: ``{'tnr_at_tpr95': ..., 'auroc': ..., 'detection_acc': ...}``, floats
        in [0, 100].
    """
    owner = 'ood_detection_scores'
    in_scores = _as_scores(owner, 'in-distribution', in_scores)
    out_scores = _as_scores(owner, 'out-of-distribution', out_scores)
    is_in = np.concatenate([np.ones(in_scores.size, dtype=np.int64),
                            np.zeros(out_scores.size, dtype=np.int64)])
    scores = np.concatenate([in_scores, out_scores])
    # One ROC point per distinct score, from the highest threshold down, after the
    # point (0, 0) of a threshold above every score; tpr never decreases.
    fpr, tpr, _ = roc_curve(is_in, scores, drop_intermediate=False)
    first = int(np.searchsorted(tpr, TPR_LEVEL, side='left'))
    return {
        'tnr_at_tpr95': 100.0 * float(1.0 - fpr[first]),
        'auroc': 100.0 * float(roc_auc_score(is_in, scores)),
        'detection_acc': 100.0 * float(np.max(0.5 * tpr + 0.5 * (1.0 - fpr))),
    }


@METRICS.register_module()
class OODDetection(BaseMetric):
    """Out-of-distribution detection with the maximum softmax probability (CutMix
    Table 12; Hendrycks & Gimpel's baseline under ODIN's protocol): TNR at TPR 95 %,
    AUROC and detection accuracy (percent) of each OOD set against the
    in-distribution test set, and their means over the OOD sets.

    **Which set a sample belongs to.** One test run scores the in-distribution test set
    and every OOD set together. A sample whose data sample carries the metainfo key
    ``ood_set`` (the set's name, a string) is out-of-distribution; a sample without it
    (or with ``ood_set=None``) is in-distribution. The dataset
    :class:`mmrecmix.datasets.OODTestSet` builds such a test set: the in-distribution
    dataset and a dict of named OOD datasets, concatenated, each OOD sample stamped
    with its set's name, with nothing to change in the pipelines::

        test_dataloader = dict(
            batch_size=100,
            dataset=dict(
                type='mmrecmix.OODTestSet',
                in_dist=dict(type='CIFAR100', data_root='data/cifar100',
                             split='test', pipeline=test_pipeline),
                ood_sets=dict(
                    Uniform=dict(type='mmrecmix.NoiseImages', noise='uniform',
                                 size=32, pipeline=test_pipeline),
                    Gaussian=dict(type='mmrecmix.NoiseImages', noise='gaussian',
                                  size=32, pipeline=test_pipeline))),
            sampler=dict(type='DefaultSampler', shuffle=False))
        test_evaluator = dict(type='mmrecmix.OODDetection')

    The OOD samples have no ``gt_label``, so ``Accuracy`` cannot share this test set;
    measure accuracy on the in-distribution set alone.

    **Results.** For each OOD set ``<name>``: ``tnr_at_tpr95/<name>``,
    ``auroc/<name>``, ``detection_acc/<name>``, each computed on the in-distribution
    samples and that set's samples only; and ``tnr_at_tpr95/mean``, ``auroc/mean``,
    ``detection_acc/mean``, the unweighted means over the OOD sets (the paper averages
    its seven sets). All in percent, higher is better. The definitions, and how the
    reference code's threshold grid differs from them, are in the docstring of
    :mod:`mmrecmix.evaluation.metrics.ood`; we follow the exact sweep.

    Args:
        score (str): The OOD score; only ``'msp'``, the largest class probability of
            ``pred_score``. Defaults to ``'msp'``.
        collect_device (str): Where the per-sample results are gathered across ranks,
            ``'cpu'`` or ``'gpu'``. Defaults to ``'cpu'``.
        prefix (str, optional): Prefix of the result names (``'<prefix>/auroc/mean'``).
            Defaults to None: no prefix.
    """
    default_prefix: Optional[str] = None

    def __init__(self, score: str = 'msp', collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        if score not in SCORES:
            raise ValueError(f'OODDetection: score must be one of {list(SCORES)} (the '
                             f'maximum softmax probability), got {score!r}; other OOD '
                             'scores are not implemented.')
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.score = score

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        """Keep, per sample, its MSP score and the name of its OOD set (None for an
        in-distribution sample)."""
        for data_sample in data_samples:
            require_fields('OODDetection', data_sample, ('pred_score', ),
                           "the MSP needs the model's class probabilities (a "
                           "classifier's predict mode).")
            ood_set = data_sample.get(OOD_SET_KEY)
            if ood_set is not None and not isinstance(ood_set, str):
                raise ValueError(f'OODDetection: the {OOD_SET_KEY!r} of a sample must '
                                 f'be a set name (str) or None, got {ood_set!r}.')
            score = data_sample['pred_score'].max()
            self.results.append(dict(score=float(score), ood_set=ood_set))

    def compute_metrics(self, results: List[dict]) -> Dict[str, float]:
        """Per OOD set and averaged over the sets, the three measures in percent."""
        in_scores = [r['score'] for r in results if r['ood_set'] is None]
        out_scores: Dict[str, list] = {}
        for r in results:
            if r['ood_set'] is not None:
                out_scores.setdefault(r['ood_set'], []).append(r['score'])
        if not out_scores:
            raise ValueError(
                f'OODDetection: none of the {len(results)} evaluated samples is '
                f'out-of-distribution (no sample carries an {OOD_SET_KEY!r} name). '
                "Build the test set with type='mmrecmix.OODTestSet' (in_dist=..., "
                'ood_sets=dict(<name>=<dataset>, ...)), which stamps each OOD sample '
                "with its set's name.")
        if not in_scores:
            raise ValueError(
                f'OODDetection: none of the {len(results)} evaluated samples is '
                f'in-distribution (every sample carries an {OOD_SET_KEY!r} name: '
                f'{sorted(out_scores)}). Put the in-distribution test set in '
                "OODTestSet's in_dist.")
        if 'mean' in out_scores:
            raise ValueError("OODDetection: an OOD set may not be named 'mean' (the "
                             'name of the averages); rename it.')
        metrics: Dict[str, float] = {}
        per_set = {name: ood_detection_scores(in_scores, scores)
                   for name, scores in sorted(out_scores.items())}
        for measure in OOD_MEASURES:
            for name, values in per_set.items():
                metrics[f'{measure}/{name}'] = values[measure]
            metrics[f'{measure}/mean'] = float(
                np.mean([values[measure] for values in per_set.values()]))
        return metrics

