r"""Robustness to common corruptions (Hendrycks & Dietterich, ICLR 2019, "Benchmarking
Neural Network Robustness to Common Corruptions and Perturbations"): top-1 accuracy on
CIFAR-10-C, CIFAR-100-C and ImageNet-C per corruption and severity, averaged, and
ImageNet-C's mean corruption error (mCE) normalised by AlexNet's errors.

With :math:`D_{c,s}` the test images under corruption :math:`c` at severity :math:`s`,
:math:`S` the evaluated severities and :math:`C` the evaluated corruptions,

.. math::

    A_{c,s} = \frac{100}{|D_{c,s}|} \sum_{i \in D_{c,s}} [\hat y_i = y_i], \qquad
    A_c = \frac{1}{|S|} \sum_{s \in S} A_{c,s}, \qquad
    \bar A = \frac{1}{|C|} \sum_{c \in C} A_c.

:math:`\bar A`, the mean corruption accuracy, is what AutoMix reports as "Corruption
Acc (%)" on CIFAR-100-C over the 19 corruptions (Table 6; OpenMixup's ``CIFAR_C`` data
source pools the 19 x 50,000 images into one accuracy, the same number since every
(corruption, severity) block has 10,000 images). On ImageNet-C, with the top-1 errors
:math:`E_{c,s} = 100 - A_{c,s}` and AlexNet's :math:`E^{\mathrm{AlexNet}}_{c,s}`,

.. math::

    \mathrm{CE}_c = 100 \, \frac{\sum_{s=1}^{5} E_{c,s}}
                               {\sum_{s=1}^{5} E^{\mathrm{AlexNet}}_{c,s}}, \qquad
    \mathrm{mCE} = \frac{1}{15} \sum_{c \in C_{main}} \mathrm{CE}_c,

over the 15 main corruptions :data:`CORRUPTIONS_MAIN` at all five severities (the
paper's Section 3; lower is better, AlexNet scores 100). The four extra corruptions
(:data:`CORRUPTIONS_EXTRA`, the paper's held-out set) have no published per-severity
AlexNet errors and no CE here. Relative mCE (which needs both clean errors) is not
computed.

:data:`ALEXNET_ERRORS` holds AlexNet's top-1 error (%) on each ImageNet-C corruption at
each severity, 50,000 images each: the publisher's mCE spreadsheet linked from the
README of ``hendrycks/robustness`` ("Calculating the mCE"), as reproduced per severity
in timm-based ImageNet-C evaluation code (``imagenetc_alexnet_error_rates_list``).
Every value is a whole number of the 50,000 images, and each corruption's mean over the
severities equals exactly the per-corruption errors that ``google-research/augmix``
(``imagenet.py``, ``ALEXNET_ERR``, "taken from hendrycks/robustness") and mmcls 1.x
(``mmcls/evaluation/metrics/corruption_error.py``) use, and to 0.1 % the ones printed in
the paper's appendix (ImageNet-C results).
"""
import numbers
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np
from mmengine.evaluator import BaseMetric

from mmrecmix.registry import METRICS

__all__ = ['CorruptionAccuracy', 'alexnet_corruption_errors', 'ALEXNET_ERRORS',
           'CORRUPTION_KEY', 'SEVERITY_KEY', 'CORRUPTIONS_MAIN', 'CORRUPTIONS_EXTRA',
           'CORRUPTIONS_ALL', 'SEVERITIES']

# The metainfo keys that name the corruption (str) and severity (int) of a sample.
CORRUPTION_KEY = 'corruption'
SEVERITY_KEY = 'severity'

#: The 15 corruptions of the benchmark (the mCE), in the publisher's order
#: (``ImageNet-C/create_c/make_cifar_c.py`` and ``ImageNet-C/test.py``).
CORRUPTIONS_MAIN = (
    'gaussian_noise', 'shot_noise', 'impulse_noise',
    'defocus_blur', 'glass_blur', 'motion_blur', 'zoom_blur',
    'snow', 'frost', 'fog', 'brightness',
    'contrast', 'elastic_transform', 'pixelate', 'jpeg_compression')
#: The four extra corruptions the publisher ships with them (held out for validation).
CORRUPTIONS_EXTRA = ('speckle_noise', 'gaussian_blur', 'spatter', 'saturate')
#: All 19, as in CIFAR-10-C / CIFAR-100-C (one ``<name>.npy`` each).
CORRUPTIONS_ALL = CORRUPTIONS_MAIN + CORRUPTIONS_EXTRA
#: The severities, 1 (mildest) to 5.
SEVERITIES = (1, 2, 3, 4, 5)

#: AlexNet's top-1 error (%) on ImageNet-C, per corruption at severities 1-5 (source
#: in the module docstring).
ALEXNET_ERRORS: Dict[str, Tuple[float, ...]] = {
    'gaussian_noise': (69.528, 82.542, 93.554, 98.138, 99.452),
    'shot_noise': (71.224, 85.108, 93.574, 98.182, 99.146),
    'impulse_noise': (78.374, 89.808, 94.870, 98.720, 99.548),
    'defocus_blur': (65.624, 73.202, 85.036, 91.364, 94.714),
    'glass_blur': (64.308, 75.054, 88.806, 91.622, 93.344),
    'motion_blur': (58.430, 70.048, 82.108, 89.750, 92.638),
    'zoom_blur': (70.008, 76.992, 80.784, 84.198, 87.198),
    'snow': (71.726, 88.392, 86.468, 91.870, 94.952),
    'frost': (61.390, 79.734, 88.790, 89.942, 93.430),
    'fog': (67.474, 76.050, 84.378, 87.260, 94.500),
    'brightness': (45.140, 48.502, 54.048, 62.166, 72.440),
    'contrast': (64.548, 76.150, 88.874, 97.760, 99.270),
    'elastic_transform': (52.596, 70.116, 55.686, 64.076, 80.554),
    'pixelate': (52.218, 54.620, 73.728, 87.092, 91.262),
    'jpeg_compression': (51.002, 54.718, 57.294, 65.458, 74.778),
}
NORMALIZERS = ('alexnet', )


def alexnet_corruption_errors(
        errors: Mapping[str, Sequence[float]]) -> Tuple[Dict[str, float], float]:
    """ImageNet-C's corruption errors normalised by AlexNet, in percent.

    Args:
        errors (Mapping[str, Sequence[float]]): For each of the 15 main corruptions,
            the model's top-1 errors (%) at severities 1 to 5; other keys are ignored.

    Returns:
        tuple[dict, float]: ``{corruption: CE_c}`` for the 15 main corruptions, and the
        mCE, their mean (equations in the module docstring).
    """
    owner = 'alexnet_corruption_errors'
    missing = [c for c in CORRUPTIONS_MAIN if c not in errors]
    if missing:
        raise ValueError(f'{owner}: the mCE needs all 15 main corruptions; missing '
                         f'{missing}.')
    ce = {}
    for corruption in CORRUPTIONS_MAIN:
        values = np.asarray(errors[corruption], dtype=np.float64)
        if values.shape != (len(SEVERITIES), ) or not np.isfinite(values).all():
            raise ValueError(f'{owner}: {corruption!r} needs 5 finite errors (%), one '
                             f'per severity 1-5, got {list(errors[corruption])!r}.')
        ce[corruption] = 100.0 * float(values.sum() / sum(ALEXNET_ERRORS[corruption]))
    return ce, float(np.mean(list(ce.values())))


@METRICS.register_module()
class CorruptionAccuracy(BaseMetric):
    """Top-1 accuracy under common corruptions (CIFAR-10-C, CIFAR-100-C, ImageNet-C)
    per corruption and severity, per corruption, their mean, and on request
    ImageNet-C's mCE; equations and sources in the docstring of
    :mod:`mmrecmix.evaluation.metrics.corruption`. mmcls 1.x's ``CorruptionError``
    reads the corruption from the fourth component of ``img_path`` and averages CE
    over whichever corruptions it meets; here the mCE insists on the 15.

    **Which corruption a sample has.** Each data sample carries the metainfo keys
    ``corruption`` (its name, a str) and ``severity`` (an int in 1-5). The datasets
    :class:`mmrecmix.datasets.CIFARCorrupted` and
    :class:`mmrecmix.datasets.ImageNetCorrupted` stamp them after the pipeline::

        test_dataloader = dict(
            batch_size=500,
            dataset=dict(type='mmrecmix.CIFARCorrupted', data_root='data/CIFAR-100-C',
                         pipeline=[dict(type='PackInputs')]),
            sampler=dict(type='DefaultSampler', shuffle=False))
        test_evaluator = dict(type='mmrecmix.CorruptionAccuracy')

    The clean test set is not part of this metric: measure it with ``Accuracy`` on the
    clean set.

    **Results** (in percent), for each evaluated corruption ``<c>`` and severity
    ``<s>``: ``accuracy/<c>/<s>``; ``accuracy/<c>``, the mean over its severities;
    ``accuracy/mean``, the mean over the corruptions (AutoMix Table 6's CIFAR-100-C
    column when all 19 corruptions are evaluated). With ``normalize='alexnet'`` also
    ``ce/<c>`` for the 15 main corruptions and ``mce``, which need those 15 at all five
    severities. AlexNet's errors are ImageNet-C's: normalising CIFAR-C errors by them
    means nothing.

    Args:
        normalize (str, optional): ``'alexnet'`` to add ImageNet-C's CE and mCE.
            Defaults to None: accuracies only.
        collect_device (str): Where the per-sample results are gathered across ranks,
            ``'cpu'`` or ``'gpu'``. Defaults to ``'cpu'``.
        prefix (str, optional): Prefix of the result names. Defaults to
            ``'corruption'`` (``'corruption/accuracy/mean'``).
    """
    default_prefix: Optional[str] = 'corruption'

    def __init__(self, normalize: Optional[str] = None, collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        if normalize is not None and normalize not in NORMALIZERS:
            raise ValueError(
                "CorruptionAccuracy: normalize must be None (accuracies only) or "
                "'alexnet' (ImageNet-C's CE and mCE, normalised by AlexNet's published "
                f'errors), got {normalize!r}.')
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.normalize = normalize

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        """Keep, per sample, its corruption, severity and whether its top-1 prediction
        (``pred_label``, else the largest ``pred_score``) is its ``gt_label``."""
        owner = type(self).__name__
        for data_sample in data_samples:
            corruption = data_sample.get(CORRUPTION_KEY)
            severity = data_sample.get(SEVERITY_KEY)
            if corruption is None or severity is None:
                raise ValueError(
                    f'{owner}: a data sample has no {CORRUPTION_KEY!r} / '
                    f'{SEVERITY_KEY!r} metainfo. Test on '
                    "type='mmrecmix.CIFARCorrupted' or 'mmrecmix.ImageNetCorrupted', "
                    'which stamp both into each sample.')
            if not isinstance(corruption, str) or not corruption or corruption == 'mean':
                raise ValueError(f'{owner}: a corruption must be a non-empty name other '
                                 f"than 'mean', got {corruption!r}.")
            if not isinstance(severity, numbers.Integral) or isinstance(severity, bool) \
                    or severity not in SEVERITIES:
                raise ValueError(f'{owner}: a severity must be an int in 1-5, got '
                                 f'{severity!r}.')
            pred = data_sample.get('pred_label')
            if pred is None and data_sample.get('pred_score') is not None:
                pred = data_sample['pred_score'].argmax()
            gt = data_sample.get('gt_label')
            if pred is None or gt is None or gt.numel() != 1:
                raise ValueError(f'{owner}: each data sample needs a pred_label (or '
                                 'pred_score) and a single-class gt_label.')
            self.results.append(dict(corruption=corruption, severity=int(severity),
                                     correct=bool(int(pred.reshape(-1)[0]) ==
                                                  int(gt.reshape(-1)[0]))))

    def compute_metrics(self, results: List[dict]) -> Dict[str, float]:
        """Accuracies per corruption and severity, per corruption and their mean, and
        with ``normalize='alexnet'`` the CE per main corruption and the mCE."""
        if not results:
            raise ValueError(f'{type(self).__name__}: no samples to evaluate (an empty '
                             'dataset, or process() never called).')
        hits: Dict[str, Dict[int, List[bool]]] = {}
        for r in results:
            hits.setdefault(r['corruption'], {}).setdefault(
                r['severity'], []).append(r['correct'])
        metrics: Dict[str, float] = {}
        per_corruption = {}
        for corruption, by_severity in sorted(hits.items()):
            accuracies = {s: 100.0 * float(np.mean(v)) for s, v in sorted(
                by_severity.items())}
            for severity, accuracy in accuracies.items():
                metrics[f'accuracy/{corruption}/{severity}'] = accuracy
            per_corruption[corruption] = float(np.mean(list(accuracies.values())))
            metrics[f'accuracy/{corruption}'] = per_corruption[corruption]
        metrics['accuracy/mean'] = float(np.mean(list(per_corruption.values())))
        if self.normalize == 'alexnet':
            metrics.update(self._alexnet(hits))
        return metrics

    def _alexnet(self, hits: Dict[str, Dict[int, List[bool]]]) -> Dict[str, float]:
        missing = [f'{c}/{s}' for c in CORRUPTIONS_MAIN for s in SEVERITIES
                   if s not in hits.get(c, {})]
        if missing:
            raise ValueError(
                f"{type(self).__name__}: normalize='alexnet' (the mCE) needs the 15 main "
                'ImageNet-C corruptions at all 5 severities; no sample of '
                f'{len(missing)} of those 75 (corruption/severity), e.g. {missing[:5]}. '
                "Evaluate ImageNetCorrupted with corruptions='main' and severities 1-5, "
                'or drop normalize.')
        errors = {c: [100.0 - 100.0 * float(np.mean(hits[c][s])) for s in SEVERITIES]
                  for c in CORRUPTIONS_MAIN}
        ce, mce = alexnet_corruption_errors(errors)
        metrics = {f'ce/{c}': value for c, value in ce.items()}
        metrics['mce'] = mce
        return metrics
