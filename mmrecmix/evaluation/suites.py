"""Evaluation suites: the protocols of the papers' robustness, calibration and OOD
tables, each a change to a trained model's config.

A suite rewrites the test part of a config (``test_dataloader``, ``test_evaluator``,
``test_cfg``) so that mmengine's test run measures one protocol, and turns the metrics
of that run into a row in the papers' units (percent; the column names of the
transcribed tables, ``configs/tables/paper_tables.csv``). A config selects suites
with a top-level ``evaluation`` dict, ``{suite name: options}``::

    evaluation = dict(corruption=dict(data_root='data/cifar100-c'),
                      fgsm=dict(eps=8 / 255))

``tools/evaluate.py CONFIG CKPT`` runs each in turn (``--suite`` picks others, on any
trained model's config); ``tools/test.py`` runs a config with exactly one.
"""
import copy
import os.path as osp
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional

from mmengine.config import Config, ConfigDict

__all__ = ['SUITES', 'Suite', 'apply_configured_suite', 'apply_suite', 'configured_suites',
           'suite_row']

# The ODIN protocol's OOD sets (CutMix Table 12) that are image folders: the names
# its released archives unpack to, under the suite's ``data_root``.
ODIN_FOLDERS = {
    'TinyImageNet_crop': 'Imagenet',
    'TinyImageNet_resize': 'Imagenet_resize',
    'LSUN_crop': 'LSUN',
    'LSUN_resize': 'LSUN_resize',
    'iSUN': 'iSUN',
}
ODIN_NOISE = {'Uniform': 'uniform', 'Gaussian': 'gaussian'}


@dataclass(frozen=True)
class Suite:
    """One protocol: ``apply(cfg, **options)`` rewrites the config's test part in
    place; ``row(metrics)`` gives the columns of the papers' tables in percent."""
    name: str
    description: str
    apply: Callable[..., None]
    row: Callable[[dict], Dict[str, float]]


def _require(suite: str, options: dict, name: str):
    if options.get(name) is None:
        raise ValueError(f'evaluation suite {suite!r} needs the option {name!r}; give it '
                         f"as evaluation=dict({suite}=dict({name}=...)) in the config or "
                         f'--options {suite}.{name}=... on the command line.')
    return options[name]


def _test_dataset(cfg: Config) -> ConfigDict:
    dataset = cfg.get('test_dataloader', {}).get('dataset')
    if not isinstance(dataset, dict):
        raise ValueError('an evaluation suite needs the config to have a '
                         'test_dataloader with a dataset (the clean test set).')
    return dataset


def _dataset_family(dataset: dict) -> str:
    """'cifar' (CIFAR-10/100), 'imagenet' or the dataset's type name."""
    name = str(dataset.get('type', '')).split('.')[-1]
    if name in ('CIFAR10', 'CIFAR100'):
        return 'cifar'
    return 'imagenet' if name == 'ImageNet' else name


def _pipeline_without_loading(pipeline: List[dict]) -> List[dict]:
    return [step for step in pipeline
            if not str(step.get('type', '')).endswith('LoadImageFromFile')]


def _file_pipeline(pipeline: List[dict]) -> List[dict]:
    """``pipeline`` for images read from files: one loading step, then the rest."""
    return [dict(type='LoadImageFromFile')] + _pipeline_without_loading(pipeline)


def _stored_size_pipeline(pipeline: List[dict]) -> List[dict]:
    """Load, then only the test pipeline's packing: for images stored at the size the
    model takes (ImageNet-C's 224 x 224 centre crops, read as its publisher does)."""
    return [dict(type='LoadImageFromFile')] + [
        step for step in pipeline if str(step.get('type', '')).endswith('PackInputs')]


def _accuracy(topk=(1, )) -> dict:
    return dict(type='Accuracy', topk=topk)


def _top1(metrics: dict) -> float:
    return float(metrics['accuracy/top1'])


# -- the suites -----------------------------------------------------------------------

def apply_clean(cfg: Config) -> None:
    cfg.test_evaluator = _accuracy()


def apply_calibration(cfg: Config, num_bins: int = 15,
                      out_file: Optional[str] = None) -> None:
    """Accuracy, ECE and MCE; the reliability diagram goes to ``out_file`` (default:
    ``reliability_diagram.png`` in the work dir)."""
    out_file = out_file or osp.join(cfg.work_dir, 'reliability_diagram.png')
    cfg.test_evaluator = [_accuracy(), dict(type='mmrecmix.CalibrationError',
                                            num_bins=num_bins, out_file=out_file)]


def apply_ood(cfg: Config, data_root: Optional[str] = None,
              sets: Optional[List[str]] = None, noise_size: int = 32,
              noise_images: int = 10000, seed: int = 0) -> None:
    """The test set followed by the ODIN sets (folders under ``data_root`` as their
    archives unpack; noise of side ``noise_size`` before the test pipeline), scored by
    maximum softmax probability."""
    known = (*ODIN_FOLDERS, *ODIN_NOISE)
    sets = list(known) if sets is None else list(sets)
    unknown = sorted(set(sets) - set(known))
    if unknown or not sets:
        raise ValueError(f"evaluation suite 'ood': sets must be some of {list(known)}, "
                         f'got {sets!r}.')
    in_dist = _test_dataset(cfg)
    ood_sets = {}
    for name in sets:
        if name in ODIN_NOISE:
            ood_sets[name] = dict(
                type='mmrecmix.NoiseImages', noise=ODIN_NOISE[name], size=noise_size,
                num_images=noise_images, seed=seed,
                pipeline=_pipeline_without_loading(in_dist.pipeline))
        else:
            root = _require('ood', dict(data_root=data_root), 'data_root')
            ood_sets[name] = dict(type='CustomDataset', with_label=False,
                                  data_root=osp.join(root, ODIN_FOLDERS[name]),
                                  pipeline=_file_pipeline(in_dist.pipeline))
    cfg.test_dataloader.dataset = dict(type='mmrecmix.OODTestSet', in_dist=in_dist,
                                       ood_sets=ood_sets)
    cfg.test_evaluator = dict(type='mmrecmix.OODDetection')


def apply_corruption(cfg: Config, data_root: Optional[str] = None,
                     layout: Optional[str] = None, corruptions=None,
                     severities=None, block_size: Optional[int] = None) -> None:
    """The corrupted copies of the test set: CIFAR-10-C / -100-C (``layout='cifar'``,
    through the test pipeline) or ImageNet-C (``'imagenet'``, with the mCE; its images
    are stored as 224 x 224 centre crops and, as in the publisher's evaluation, neither
    resized nor cropped again), read from ``data_root``; the layout follows the
    config's test set unless given."""
    layout = layout or _dataset_family(_test_dataset(cfg))
    if layout not in ('cifar', 'imagenet'):
        raise ValueError("evaluation suite 'corruption': the config's test set is "
                         f'{layout}, not CIFAR or ImageNet; give layout=cifar (files as '
                         'CIFAR-10-C ships them) or layout=imagenet (as ImageNet-C).')
    pipeline = _test_dataset(cfg).pipeline
    dataset = dict(data_root=_require('corruption', dict(data_root=data_root),
                                      'data_root'),
                   pipeline=(_pipeline_without_loading(pipeline) if layout == 'cifar'
                             else _stored_size_pipeline(pipeline)))
    dataset.update({key: value for key, value in dict(
        corruptions=corruptions, severities=severities, block_size=block_size).items()
        if value is not None})
    if layout == 'imagenet' and block_size is not None:
        raise ValueError("evaluation suite 'corruption': block_size is for layout=cifar "
                         '(ImageNet-C keeps one folder per severity).')
    dataset['type'] = ('mmrecmix.CIFARCorrupted' if layout == 'cifar'
                       else 'mmrecmix.ImageNetCorrupted')
    cfg.test_dataloader.dataset = dataset
    cfg.test_evaluator = dict(type='mmrecmix.CorruptionAccuracy',
                              normalize='alexnet' if layout == 'imagenet' else None)


def corruption_row(metrics: dict) -> Dict[str, float]:
    row = {'corruption acc': float(metrics['corruption/accuracy/mean'])}
    if 'corruption/mce' in metrics:
        row['mCE'] = float(metrics['corruption/mce'])
    return row


# The ImageNet variants of SMMix Table 5: (dataset type, metric, row column).
IMAGENET_VARIANTS = {
    'imagenet_a': ('mmrecmix.ImageNetA', 'imagenet-a', 'IN-A'),
    'imagenet_r': ('mmrecmix.ImageNetR', 'imagenet-r', 'IN-R'),
    'imagenet_sketch': ('mmrecmix.ImageNetSketch', None, 'Sketch'),
    'imagenet_stylized': ('mmrecmix.StylizedImageNet', None, 'Stylized'),
}


def _variant_suite(name: str) -> 'Suite':
    dataset_type, subset, column = IMAGENET_VARIANTS[name]

    def apply(cfg: Config, data_root: Optional[str] = None,
              data_prefix: Optional[str] = None) -> None:
        pipeline = _file_pipeline(_test_dataset(cfg).pipeline)
        cfg.test_dataloader.dataset = dict(
            type=dataset_type, pipeline=pipeline,
            data_root=_require(name, dict(data_root=data_root), 'data_root'))
        if data_prefix is not None:
            cfg.test_dataloader.dataset.data_prefix = data_prefix
        cfg.test_evaluator = (_accuracy() if subset is None else
                              dict(type='mmrecmix.SubsetAccuracy', subset=subset))

    def row(metrics: dict) -> Dict[str, float]:
        key = 'accuracy/top1' if subset is None else 'subset_accuracy/top1'
        return {column: float(metrics[key])}

    what = ('top-1 accuracy over its 200 classes (the other logits masked)' if subset
            else 'top-1 accuracy')
    return Suite(name, f'{dataset_type.split(".")[-1]}: {what}', apply, row)


def apply_in_between(cfg: Config, style: str = 'mixup', lam: float = 0.5,
                     num_pairs: Optional[int] = None, seed: int = 0) -> None:
    """Pairs of test images of different classes mixed at a fixed ``lam`` (Mixup or
    CutMix style); how often the prediction is neither class (CutMix Figure 5b)."""
    cfg.test_dataloader.dataset = dict(
        type='mmrecmix.InBetweenClassPairs', dataset=_test_dataset(cfg), style=style,
        lam=lam, num_pairs=num_pairs, seed=seed)
    cfg.test_evaluator = dict(type='mmrecmix.InBetweenClassMisses', topk=(1, 2))


def apply_attack(attack: str) -> Callable[..., None]:
    def apply(cfg: Config, **options) -> None:
        cfg.test_cfg = dict(type='mmrecmix.AdversarialTestLoop', attack=attack, **options)
        cfg.test_evaluator = _accuracy()
    return apply


def attack_row(metrics: dict) -> Dict[str, float]:
    accuracy = _top1(metrics)
    return {'acc': accuracy, 'FGSM err': 100 - accuracy}


# The test sets with boxes of the 'wsol' suite, by the family of the config's test set.
WSOL_DATASETS = {'cub': 'mmrecmix.CUBWithBoxes', 'imagenet': 'mmrecmix.ImageNetValBoxes'}


def apply_wsol(cfg: Config, data_root: Optional[str] = None,
               dataset: Optional[str] = None, resize: int = 224,
               cam_curve_interval: float = 0.01, iou_thresholds=(30, 50, 70),
               cam_threshold: float = 0.2) -> None:
    """Weakly supervised localisation from the model's CAMs on CUB-200-2011 (test
    split) or the ImageNet validation set with their boxes, read from ``data_root``.
    As in wsolevaluation, each image is resized to ``resize`` x ``resize`` without a
    crop (PIL bilinear, as torchvision's ``Resize``) and its boxes with it; the test
    pipeline's resize and crop are not used."""
    family = _dataset_family(_test_dataset(cfg))
    dataset = dataset or ('cub' if family in ('CUB', 'CUBWithBoxes') else 'imagenet')
    if dataset not in WSOL_DATASETS:
        raise ValueError(f"evaluation suite 'wsol': dataset must be one of "
                         f'{sorted(WSOL_DATASETS)}, got {dataset!r}.')
    pipeline = [dict(type='LoadImageFromFile'),
                dict(type='Resize', scale=(resize, resize), backend='pillow',
                     interpolation='bilinear'),
                dict(type='PackInputs', algorithm_keys=('gt_bboxes', ))]
    cfg.test_dataloader.dataset = dict(
        type=WSOL_DATASETS[dataset], pipeline=pipeline,
        data_root=_require('wsol', dict(data_root=data_root), 'data_root'))
    cfg.test_cfg = dict(type='mmrecmix.CAMTestLoop')
    cfg.test_evaluator = [
        _accuracy(),
        dict(type='mmrecmix.MaxBoxAccV2', cam_curve_interval=cam_curve_interval,
             iou_thresholds=tuple(iou_thresholds)),
        dict(type='mmrecmix.CAMLocalizationAccuracy', cam_threshold=cam_threshold)]


def wsol_row(metrics: dict) -> Dict[str, float]:
    row = {'cls acc': _top1(metrics),
           'top-1 loc': float(metrics['cam_loc/top1_loc']),
           'GT-known loc': float(metrics['cam_loc/gt_known_loc']),
           'MaxBoxAccV2': float(metrics['maxboxacc_v2/mean'])}
    row.update({f'MaxBoxAccV2@{key[len("maxboxacc_v2/iou"):]}': float(value)
                for key, value in metrics.items()
                if key.startswith('maxboxacc_v2/iou')})
    return row


SUITES: Dict[str, Suite] = {suite.name: suite for suite in (
    Suite('clean', 'top-1 accuracy on the test set', apply_clean,
          lambda metrics: {'clean acc': _top1(metrics)}),
    Suite('calibration', 'accuracy, ECE and MCE (15 bins), reliability diagram',
          apply_calibration,
          lambda metrics: {'clean acc': _top1(metrics),
                           'ECE': float(metrics['calibration/ece']),
                           'MCE': float(metrics['calibration/mce'])}),
    Suite('ood', 'OOD detection by maximum softmax against the ODIN sets', apply_ood,
          lambda metrics: {'TNR@95': float(metrics['tnr_at_tpr95/mean']),
                           'AUROC': float(metrics['auroc/mean']),
                           'Det acc': float(metrics['detection_acc/mean'])}),
    Suite('fgsm', 'top-1 accuracy under FGSM (L-inf)', apply_attack('fgsm'), attack_row),
    Suite('pgd', 'top-1 accuracy under PGD (L-inf)', apply_attack('pgd'),
          lambda metrics: {'acc': _top1(metrics), 'PGD err': 100 - _top1(metrics)}),
    Suite('in_between', 'in-between-class pairs at a fixed lambda: neither class predicted',
          apply_in_between,
          lambda metrics: {'top-1 neither': float(metrics['in_between/top1_miss']),
                           'top-2 neither': float(metrics['in_between/top2_miss'])}),
    Suite('corruption', 'accuracy per corruption and severity, mean (mCE on ImageNet-C)',
          apply_corruption, corruption_row),
    *(_variant_suite(name) for name in IMAGENET_VARIANTS),
    Suite('wsol', 'localisation from CAMs: MaxBoxAccV2, top-1 and GT-known loc',
          apply_wsol, wsol_row),
)}


def configured_suites(cfg: Config) -> Dict[str, dict]:
    """The config's ``evaluation`` dict, ``{suite name: options}``, checked."""
    evaluation = cfg.get('evaluation') or {}
    if not isinstance(evaluation, dict):
        raise ValueError('evaluation must be a dict {suite name: options}, e.g. '
                         "evaluation=dict(fgsm=dict(eps=8 / 255)); got "
                         f'{type(evaluation).__name__}.')
    for name, options in evaluation.items():
        _suite(name)
        if not isinstance(options, dict):
            raise ValueError(f'evaluation.{name} must be a dict of the suite\'s options '
                             f'(dict() for none), got {options!r}.')
    return {name: dict(options) for name, options in evaluation.items()}


def _suite(name: str) -> Suite:
    if name not in SUITES:
        raise ValueError(f'unknown evaluation suite {name!r}; the suites are '
                         f'{sorted(SUITES)}.')
    return SUITES[name]


def apply_suite(cfg: Config, name: str, options: Optional[dict] = None) -> Config:
    """A copy of ``cfg`` whose test run measures suite ``name`` with ``options``."""
    cfg = copy.deepcopy(cfg)
    try:
        _suite(name).apply(cfg, **(options or {}))
    except TypeError as error:
        if 'unexpected keyword' not in str(error):
            raise
        raise ValueError(f'evaluation suite {name!r}: {error}; see its options in '
                         'docs/evaluation.md.') from error
    cfg.pop('evaluation', None)
    return cfg


def apply_configured_suite(cfg: Config) -> Config:
    """``cfg`` with the one suite of its ``evaluation`` dict applied (as it is when
    there is none); several suites are several runs, which ``tools/evaluate.py``
    makes."""
    suites = configured_suites(cfg)
    if len(suites) > 1:
        raise ValueError(f'the config lists {len(suites)} evaluation suites '
                         f'({list(suites)}), each its own test run: run them with '
                         'tools/evaluate.py CONFIG CHECKPOINT.')
    for name, options in suites.items():
        return apply_suite(cfg, name, options)
    return cfg


def suite_row(name: str, metrics: dict) -> Dict[str, float]:
    """The columns of suite ``name``'s row, in percent, from its run's metrics."""
    return _suite(name).row(metrics)
