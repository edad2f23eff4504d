"""The occlusion sweep of the CutMix paper (Yun et al., ICCV 2019, Fig. 5a): a
checkpoint's top-1 error on its config's test set with the centre (or everything but
the centre) of every image zeroed, for hole sides from 0 to the image side, printed as
a table, saved as JSON and drawn as one curve per occlusion.

``tools/analysis/occlusion_curve.py`` is its command line: for each mode and size it
puts the occlusion transform into the test pipeline just before ``PackInputs``,
replaces the test evaluator by ``Accuracy(topk=(1, ))`` and runs mmengine's Runner
test, one Runner per run, each logging into ``<work_dir>/<mode>_<size>/`` and showing
its progress on the main process (:class:`mmrecmix.EvaluationProgressHook`).
"""
import argparse
import json
import os
import os.path as osp
from typing import Dict, List, NamedTuple, Optional, Sequence, Tuple

from mmengine.config import Config
from mmengine.logging import print_log

from mmrecmix.cli import (UsageError, apply_test_arguments, build_runner, load_config,
                          refusing_code)
from mmrecmix.cli.datasets import (check_dataset_layouts, innermost_dataset,
                                   name_unreadable_images)
from mmrecmix.datasets.transforms.occlusion import BoundaryOcclusion, CenterOcclusion
from mmrecmix.engine.hooks.evaluation_progress_hook import with_evaluation_progress

__all__ = ['OCCLUSIONS', 'OcclusionCurve', 'default_sizes', 'error_table',
           'insert_occlusion', 'packed_image_shape', 'plot_occlusion_curve',
           'run_occlusion_sweep', 'save_occlusion_curve']

#: The modes of the sweep and the transform each inserts.
OCCLUSIONS = {'center': CenterOcclusion.__name__, 'boundary': BoundaryOcclusion.__name__}
#: How many steps the default sizes take from 0 to the image side.
DEFAULT_STEPS = 8
LOADER = 'test_dataloader'
PLOT_SIZE = (560, 420)  # pixels: 5.6 x 4.2 inches at 100 dpi
_DPI = 100


class OcclusionCurve(NamedTuple):
    """What a sweep measured."""
    #: The hole sides (pixels), ascending.
    sizes: List[int]
    #: ``{mode: top-1 error (%) at each size}``.
    errors: Dict[str, List[float]]
    #: ``(height, width)`` of the first packed test image, or None when not measured.
    image_size: Optional[Tuple[int, int]]
    #: The work dir: each run logs into ``<work_dir>/<mode>_<size>/``.
    work_dir: str


def _test_pipeline(cfg: Config) -> Tuple[list, int]:
    """The test pipeline of ``cfg`` (of the innermost test dataset, inside any
    wrappers) and the index of its last ``PackInputs``."""
    dataset = innermost_dataset(cfg, LOADER)
    pipeline = (dataset or {}).get('pipeline') or []
    packs = [i for i, step in enumerate(pipeline) if isinstance(step, dict) and
             str(step.get('type', '')).split('.')[-1] == 'PackInputs']
    if not packs:
        raise UsageError(
            f'{LOADER}.dataset: its pipeline has no PackInputs step to put the '
            'occlusion before (a test-time augmentation pipeline nests it); give the '
            'config a plain test pipeline ending in PackInputs.')
    return pipeline, packs[-1]


def insert_occlusion(cfg: Config, mode: str, size: int, pad_val=0) -> None:
    """Put the ``mode`` occlusion of side ``size`` into the test pipeline of ``cfg``
    (of the innermost test dataset, inside any wrappers), just before its last
    ``PackInputs``."""
    pipeline, pack = _test_pipeline(cfg)
    pipeline.insert(pack, dict(type=f'mmrecmix.{OCCLUSIONS[mode]}', size=size,
                               pad_val=pad_val))


def packed_image_shape(cfg: Config) -> Optional[Tuple[int, int, int]]:
    """``(channels, height, width)`` of the first test image as the test pipeline
    packs it (after its resize / crop), or None when the pipeline does not give one
    image tensor (test-time augmentation)."""
    from mmengine.registry import init_default_scope

    from mmrecmix.registry import DATASETS
    check_dataset_layouts(cfg, (LOADER, ))
    name_unreadable_images(cfg, (LOADER, ))
    init_default_scope(cfg.get('default_scope', 'mmpretrain'))
    dataset = DATASETS.build(cfg[LOADER]['dataset'])
    if len(dataset) == 0:
        raise UsageError(f'{LOADER}.dataset is empty; check its data_root and indices.')
    first = dataset[0]
    inputs = first.get('inputs') if isinstance(first, dict) else None
    if not hasattr(inputs, 'shape') or len(inputs.shape) != 3:
        return None
    return tuple(int(n) for n in inputs.shape)


def default_sizes(side: int, steps: int = DEFAULT_STEPS) -> List[int]:
    """``steps + 1`` sizes from 0 to ``side`` in equal steps, rounded to whole
    pixels, duplicates dropped (0, 28, ..., 224 for 224)."""
    return sorted({int(round(side * i / steps)) for i in range(steps + 1)})


def _check_sizes(sizes: Sequence[int]) -> List[int]:
    bad = [s for s in sizes if s < 0]
    if bad:
        raise UsageError(f'--sizes {" ".join(map(str, bad))}: hole sizes are pixels >= 0.')
    return sorted(set(sizes))


def run_occlusion_sweep(args: argparse.Namespace) -> OcclusionCurve:
    """Run the test of ``args.checkpoint`` on ``args.config`` once per mode and size.

    ``args`` has what ``tools/analysis/occlusion_curve.py`` parses: ``config``,
    ``checkpoint``, ``mode`` (names of :data:`OCCLUSIONS`), ``sizes`` (None: the
    default sizes up to the longer side of the first packed test image), ``pad_val``
    and the runner arguments of :func:`mmrecmix.cli.add_runner_arguments`. A line
    per run goes to the run's log (and the console of the main process).
    """
    cfg = load_config(args.config, args.cfg_options)
    apply_test_arguments(cfg, args)
    _test_pipeline(cfg)  # no PackInputs: fail before any run
    sizes = _check_sizes(args.sizes or [])
    shape = packed_image_shape(cfg)
    if shape is None and (not sizes or len(args.pad_val) > 1):
        raise UsageError('the shape of the test images cannot be read from the first '
                         'packed test image; pass the hole sizes with --sizes (and a '
                         'single --pad-val).')
    if shape is not None and len(args.pad_val) not in (1, shape[0]):
        raise UsageError(f'--pad-val: {len(args.pad_val)} values for images of '
                         f'{shape[0]} channels; give one value, or one per channel.')
    image_size = None if shape is None else shape[1:]
    sizes = sizes or default_sizes(max(image_size))
    work_dir, name = cfg.work_dir, osp.splitext(osp.basename(args.config))[0]
    pad_val = args.pad_val[0] if len(args.pad_val) == 1 else tuple(args.pad_val)
    modes = list(dict.fromkeys(args.mode))
    errors: Dict[str, List[float]] = {}
    total, done = len(modes) * len(sizes), 0
    for mode in modes:
        errors[mode] = []
        for size in sizes:
            def merge(run_cfg, run_args, mode=mode, size=size):
                apply_test_arguments(run_cfg, run_args)
                run_cfg.work_dir = osp.join(work_dir, f'{mode}_{size}')
                run_cfg.experiment_name = f'{name}_{mode}_{size}'
                run_cfg.test_evaluator = dict(type='Accuracy', topk=(1, ))
                insert_occlusion(run_cfg, mode, size, pad_val)
                with_evaluation_progress(run_cfg)
                return run_cfg

            runner = build_runner(args, merge, (LOADER, ))
            with refusing_code(args.checkpoint):
                error = 100.0 - float(runner.test()['accuracy/top1'])
            errors[mode].append(error)
            done += 1
            print_log(f'[{done}/{total}] {mode} occlusion, hole {size} px: '
                      f'top-1 error {error:.2f} %', logger='current')
    return OcclusionCurve(sizes, errors, image_size, work_dir)


def error_table(curve: OcclusionCurve) -> str:
    """A Markdown table: a row per hole size, a column of top-1 error (%) per mode."""
    modes = list(curve.errors)
    lines = ['| hole (px) | ' + ' | '.join(f'{m} top-1 err (%)' for m in modes) + ' |',
             '|---:|' + '---:|' * len(modes)]
    for i, size in enumerate(curve.sizes):
        lines.append(f'| {size} | ' + ' | '.join(f'{curve.errors[m][i]:.2f}'
                                                  for m in modes) + ' |')
    return '\n'.join(lines)


def plot_occlusion_curve(curve: OcclusionCurve, out_file: str,
                         title: Optional[str] = None) -> str:
    """Draw top-1 error (%) against hole size, one line per mode (as the paper's
    Fig. 5a), and save it as a PNG of :data:`PLOT_SIZE` pixels, with matplotlib's
    Agg canvas (no pyplot, no global backend)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(PLOT_SIZE[0] / _DPI, PLOT_SIZE[1] / _DPI), dpi=_DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    for mode, errors in curve.errors.items():
        axes.plot(curve.sizes, errors, marker='o', label=f'{mode} occlusion')
    axes.set_xlabel('Hole size (px)')
    axes.set_ylabel('Top-1 error (%)')
    axes.set_ylim(0, 100)
    axes.grid(alpha=0.3)
    if title:
        axes.set_title(title)
    axes.legend()
    figure.tight_layout()
    os.makedirs(osp.dirname(osp.abspath(out_file)), exist_ok=True)
    figure.savefig(out_file, format='png', dpi=_DPI)
    return out_file


def save_occlusion_curve(curve: OcclusionCurve, args: argparse.Namespace
                         ) -> Tuple[str, str]:
    """Write ``occlusion_curve.json`` (sizes, errors and what was run) and
    ``occlusion_curve.png`` into the curve's work dir; return their paths."""
    stem = osp.join(curve.work_dir, 'occlusion_curve')
    record = dict(config=args.config, checkpoint=args.checkpoint,
                  image_size=curve.image_size, pad_val=args.pad_val,
                  sizes=curve.sizes, top1_error=curve.errors)
    os.makedirs(curve.work_dir, exist_ok=True)
    with open(f'{stem}.json', 'w') as f:
        json.dump(record, f, indent=2)
    title = osp.splitext(osp.basename(args.config))[0]
    return f'{stem}.json', plot_occlusion_curve(curve, f'{stem}.png', title)
