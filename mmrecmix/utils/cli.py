"""What ``tools/train.py`` and ``tools/test.py`` share: config loading and checks that
turn a user's mistake into one short message naming the fix, and the launcher set-up
that lets distributed runs work on CPU-only machines too."""
import argparse
import contextlib
import datetime
import functools
import os
import os.path as osp
import pickle
import sys
from typing import Callable, Iterator, Optional, Tuple

import torch
from mmengine.config import Config, DictAction

from mmrecmix.registry import ALL_REGISTRIES, SCOPE
from .checkpoint_compat import safe_load
from .checkpoint_files import (checkpoint_problem, newest_intact_checkpoint,
                               recorded_latest_checkpoint)
from .install_tier import (FULL_TIER_PACKAGES, FullTierRequired,
                           full_tier_message, require_full_tier, scope_package)

LAUNCHERS = ('none', 'pytorch', 'slurm', 'mpi')


class UsageError(Exception):
    """A mistake on the command line or in a config that the user can fix."""


def exit_on_usage_error(main: Callable) -> Callable:
    """Print a :class:`UsageError` (or a missing full install tier) as
    ``error: ...`` and exit with status 2; a run that stopped itself
    (:class:`mmrecmix.engine.TrainingStopped`: a non-finite loss) likewise, with
    status 3."""
    from mmrecmix.engine.hooks import TrainingStopped

    @functools.wraps(main)
    def wrapped(*args, **kwargs):
        try:
            return main(*args, **kwargs)
        except (UsageError, FullTierRequired) as error:
            print(f'error: {error}', file=sys.stderr)
            sys.exit(2)
        except TrainingStopped as error:
            print(f'error: {error}', file=sys.stderr)
            sys.exit(3)

    return wrapped


def add_runner_arguments(parser: argparse.ArgumentParser) -> None:
    """The switches every Runner-based tool takes."""
    parser.add_argument('--work-dir', help='the dir to save logs and models')
    parser.add_argument(
        '--cfg-options', nargs='+', action=DictAction,
        help='override config settings, e.g. train_cfg.max_iters=10 '
        'model.backbone.depth=18')
    parser.add_argument('--launcher', choices=LAUNCHERS, default='none',
                        help='job launcher')
    parser.add_argument(
        '--dist-timeout', type=positive_seconds, metavar='SECONDS',
        help='end a distributed run when a rank does not answer a collective for '
        'this long (sets env_cfg.dist_cfg.timeout; torch default: 30 min)')
    # torch.distributed.launch passes --local-rank; torchrun sets LOCAL_RANK.
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)


def positive_seconds(text: str) -> int:
    """argparse type of ``--dist-timeout``: a whole number of seconds > 0."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(
            f'expected a whole number of seconds >= 1, got {text!r}')
    return int(text)


def parse_runner_args(parser: argparse.ArgumentParser,
                      argv=None) -> argparse.Namespace:
    """Parse the command line; keep ``LOCAL_RANK`` for mmengine's launcher code."""
    args = parser.parse_args(argv)
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    return args


def apply_runner_arguments(cfg: Config, args: argparse.Namespace) -> None:
    """Work dir (default ``work_dirs/<config name>``), launcher and distributed
    timeout into the config."""
    if args.dist_timeout is not None:
        cfg.setdefault('env_cfg', {}).setdefault('dist_cfg', {})['timeout'] = \
            args.dist_timeout
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(args.config))[0])
    cfg.launcher = args.launcher


def require_file(path: str, what: str, hint: str) -> None:
    """Raise a :class:`UsageError` naming ``what`` and ``hint`` if ``path`` is no file."""
    if not osp.isfile(path):
        raise UsageError(f'{what} {path!r} does not exist. {hint}')


def require_complete_checkpoint(path: str, what: str, hint: str) -> None:
    """Raise a :class:`UsageError` when ``path`` (given as ``what``) does not exist or
    cannot be a complete checkpoint (empty, cut short, not torch's format)."""
    require_file(path, f'{what}: checkpoint', hint)
    problem = checkpoint_problem(path)
    if problem is not None:
        raise UsageError(f'{what}: {path} is not a complete checkpoint ({problem}). '
                         f'{hint}')


def auto_resume_checkpoint(work_dir: str) -> str:
    """The checkpoint ``--resume`` without a path continues from: the one
    ``work_dir/last_checkpoint`` names, when it is complete. Otherwise a
    :class:`UsageError` says what is wrong and names the newest intact checkpoint
    in the work dir (nothing resumes from another file silently)."""
    recorded = recorded_latest_checkpoint(work_dir)
    intact = newest_intact_checkpoint(work_dir) if osp.isdir(work_dir) else None
    use = (f' The newest intact checkpoint there is {intact}: resume from it with '
           f'--resume {intact}.' if intact else '')
    if recorded is None and intact is None:
        raise UsageError(f'--resume: {work_dir} holds no checkpoint to resume from. '
                         'Drop --resume to train from scratch, or pass '
                         '--resume FILE.')
    if not recorded:
        state = 'does not exist' if recorded is None else 'is empty'
        raise UsageError(f'--resume: {osp.join(work_dir, "last_checkpoint")} {state}.'
                         f'{use}')
    if not osp.isfile(recorded):
        raise UsageError(f'--resume: the latest checkpoint {recorded} (named by '
                         f'last_checkpoint) does not exist.{use}')
    problem = checkpoint_problem(recorded)
    if problem is not None:
        raise UsageError(f'--resume: {recorded} is not a complete checkpoint '
                         f'({problem}).{use}')
    return recorded


@contextlib.contextmanager
def refusing_code(path: str):
    """Turn the safe loader's refusal of a crafted pickle into a :class:`UsageError`
    whose first line says so in our words, torch's text after it."""
    try:
        yield
    except pickle.UnpicklingError as error:
        raise UsageError(f'{path} contains code, refused: the safe loader reads only '
                         'tensors and the classes mmengine writes.\n'
                         f'{error}') from error


def convert_checkpoint(src: str, dst: str, convert: Callable, meta: dict,
                       hint: str) -> int:
    """Load ``src`` with torch's safe loader, convert its weights with
    ``convert(checkpoint)`` (a ``KeyError`` names what is wrong with the keys) and
    save ``dict(state_dict=..., meta=meta)`` to ``dst``.

    Returns:
        int: The number of tensors saved.
    """
    require_complete_checkpoint(src, 'SRC', hint)
    with refusing_code(src):
        checkpoint = safe_load(src)
    try:
        state = convert(checkpoint)
    except KeyError as error:
        raise UsageError(error.args[0])
    torch.save(dict(state_dict=state, meta=meta), dst)
    return len(state)


def load_config(path: str, cfg_options: Optional[dict] = None) -> Config:
    """Read a config, apply ``--cfg-options`` and check its ``mmrecmix.`` types."""
    require_file(path, 'config file', 'Pass the path of a config file, '
                 'e.g. configs/demo/resnet18_digits_demo.py.')
    cfg = read_config_file(path)
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    check_install_tier(cfg, path)
    check_mmrecmix_types(cfg)
    return cfg


def read_config_file(path: str) -> Config:
    """``Config.fromfile``; a base config of a full-tier package that is not
    installed (``_base_ = 'mmdet::...'``) is a :class:`FullTierRequired`."""
    try:
        return Config.fromfile(path)
    except ModuleNotFoundError as error:
        package = next((p for p in FULL_TIER_PACKAGES if p in str(error)), None)
        if package is None:
            raise
        raise FullTierRequired(full_tier_message(path, package)) from error


def check_install_tier(cfg: Config, path: str) -> None:
    """Raise :class:`FullTierRequired` when the config builds modules of mmdet or
    mmseg (its default scope, or a ``mmdet.``/``mmseg.`` type) and they cannot be
    imported, before mmengine would fail on a registry that silently stayed empty."""
    default_scope = cfg.get('default_scope')
    needed = {scope_package('', default_scope)}
    for _, type_name in iter_config_types(cfg.to_dict()):
        needed.add(scope_package(type_name, default_scope))
        if type_name.startswith(f'{SCOPE}.'):
            module = registered_module(type_name[len(SCOPE) + 1:])
            needed.add(getattr(module, 'full_tier_package', None))
    for package in sorted(needed - {None}):
        require_full_tier(path, package)


def iter_config_types(node, where: str = '') -> Iterator[Tuple[str, str]]:
    """Yield ``(location, type name)`` for every string ``type`` in a config tree."""
    if isinstance(node, dict):
        for key, value in node.items():
            here = f'{where}.{key}' if where else str(key)
            if key == 'type' and isinstance(value, str):
                yield here, value
            else:
                yield from iter_config_types(value, here)
    elif isinstance(node, (list, tuple)):
        for index, value in enumerate(node):
            yield from iter_config_types(value, f'{where}[{index}]')


def registered_names() -> set:
    """Names of all modules registered in mmrecmix's registries."""
    import mmrecmix  # noqa: F401  (registers every module)
    return {name for registry in ALL_REGISTRIES for name in registry.module_dict}


def registered_module(name: str):
    """What mmrecmix registers under ``name`` (in any registry), or ``None``."""
    import mmrecmix  # noqa: F401  (registers every module)
    return next((registry.module_dict[name] for registry in ALL_REGISTRIES
                 if name in registry.module_dict), None)


def check_mmrecmix_types(cfg: Config) -> None:
    """Raise a :class:`UsageError` for a ``mmrecmix.X`` type that nothing registers."""
    known = registered_names()
    prefix = f'{SCOPE}.'
    for where, type_name in iter_config_types(cfg.to_dict()):
        name = type_name[len(prefix):]
        if type_name.startswith(prefix) and name not in known:
            raise UsageError(
                f'{where} = {type_name!r}: mmrecmix registers no module named '
                f'{name!r}. Registered: {", ".join(sorted(known))}. Fix the name '
                'in the config (or register your class with '
                '@MODELS.register_module() in a module listed in custom_imports).')


# What each dataset type expects under its data_root: (a path that must exist, with
# `{...}` filled from the dataset's config; the layout named in the error).
DATASET_LAYOUTS = {
    'ImageNet': ('{split}', 'train/<wnid>/*.JPEG, val/*.JPEG, meta/{train,val}.txt'),
    'CIFAR10': ('cifar-10-batches-py',
                'cifar-10-batches-py/{data_batch_1..5,test_batch,batches.meta}'),
    'CIFAR100': ('cifar-100-python', 'cifar-100-python/{train,test,meta}'),
    'CocoDataset': ('{ann_file}', 'annotations/instances_{train,val}2017.json and '
                    '{train,val}2017/*.jpg'),
    'ADE20KDataset': ('{img_path}', 'images/{training,validation}/*.jpg and '
                      'annotations/{training,validation}/*.png'),
}


def _dataset_marker(dataset: dict) -> tuple:
    """``(path that must exist, layout)`` of a dataset config, or ``None``."""
    kind = str(dataset.get('type', '')).split('.')[-1]
    if kind not in DATASET_LAYOUTS or '://' in str(dataset.get('data_root', '')):
        return None
    marker, layout = DATASET_LAYOUTS[kind]
    fields = dict(split=dataset.get('split', ''), ann_file=dataset.get('ann_file', ''),
                  img_path=(dataset.get('data_prefix') or {}).get('img_path', ''))
    return osp.join(dataset.get('data_root', ''), marker.format(**fields)), layout


def innermost_dataset(cfg: Config, loader: str):
    """The dataset config of a dataloader, inside any dataset wrappers."""
    dataset = (cfg.get(loader) or {}).get('dataset')
    while isinstance(dataset, dict) and isinstance(dataset.get('dataset'), dict):
        dataset = dataset['dataset']
    return dataset if isinstance(dataset, dict) else None


def name_unreadable_images(cfg: Config, loaders: tuple) -> None:
    """Load images with ``mmrecmix.LoadImageFromFile`` (the same, but a file that does
    not decode is named) wherever a pipeline of ``loaders`` uses mmcv's."""
    for loader in loaders:
        dataset = innermost_dataset(cfg, loader)
        for transform in (dataset or {}).get('pipeline') or []:
            if isinstance(transform, dict) and \
                    transform.get('type') == 'LoadImageFromFile':
                transform['type'] = f'{SCOPE}.LoadImageFromFile'


def check_dataset_layouts(cfg: Config, loaders: tuple) -> None:
    """Raise a :class:`UsageError` naming the expected layout when a dataloader's
    dataset root lacks it (before a long traceback, or a download attempt, would)."""
    for loader in loaders:
        dataset = innermost_dataset(cfg, loader)
        found = _dataset_marker(dataset) if dataset is not None else None
        if found and not osp.exists(found[0]):
            raise UsageError(
                f'{loader}.dataset: {found[0]!r} does not exist. The '
                f'{dataset["type"]} root ({dataset.get("data_root")!r}) should hold '
                f'{found[1]}; set {loader}.dataset.data_root.')


def build_runner(args: argparse.Namespace, merge_args: Callable, loaders: tuple):
    """Load the config, fold in a tool's switches with ``merge_args(cfg, args)``,
    check the datasets of ``loaders``, set up the launcher and build mmengine's
    Runner from it."""
    from mmengine.runner import Runner
    cfg = merge_args(load_config(args.config, args.cfg_options), args)
    check_dataset_layouts(cfg, loaders)
    name_unreadable_images(cfg, loaders)
    prepare_launcher(cfg, args.launcher)
    return Runner.from_cfg(cfg)


@contextlib.contextmanager
def closing_process_group():
    """Destroy the default process group when the block ends without an error.

    A process that exits with its gloo group still alive tears the group down
    during interpreter shutdown, where a gloo worker thread releasing a tensor
    that needs the GIL aborts the process (SIGABRT, "terminate called without an
    active exception"; pytorch/pytorch#179291 and #190489 describe it), failing a
    rank that trained to its end. After an error the group is left to the exit:
    destroying it could wait on a collective that will never finish.
    """
    yield
    if torch.distributed.is_available() and torch.distributed.is_initialized():
        torch.distributed.destroy_process_group()


def prepare_launcher(cfg: Config, launcher: str) -> None:
    """Set up a distributed run that has no GPU: gloo instead of NCCL, no device ids.

    mmengine's ``init_dist`` pins each process to a CUDA device, and its default DDP
    wrapper passes ``device_ids``; both fail on a CPU-only machine. Here the process
    group is started with gloo from torchrun's environment before the Runner is
    built (the Runner then skips its own ``init_dist``), and DDP gets
    ``device_ids=None``. With a GPU nothing is changed.
    """
    if launcher == 'none' or torch.cuda.is_available():
        return
    if launcher != 'pytorch':
        raise UsageError(
            f'--launcher {launcher} needs GPUs and none is visible. For a '
            'distributed run on CPUs use --launcher pytorch (tools/dist_train.sh).')
    if 'RANK' not in os.environ or 'WORLD_SIZE' not in os.environ:
        raise UsageError('--launcher pytorch expects the RANK and WORLD_SIZE that '
                         'torchrun sets; start it with tools/dist_train.sh.')
    dist_cfg = cfg.setdefault('env_cfg', {}).setdefault('dist_cfg', {})
    dist_cfg['backend'] = 'gloo'
    wrapper = cfg.get('model_wrapper_cfg') or dict(
        type='MMDistributedDataParallel', broadcast_buffers=False,
        find_unused_parameters=cfg.get('find_unused_parameters', False))
    wrapper['device_ids'] = None
    cfg.model_wrapper_cfg = wrapper
    if not torch.distributed.is_initialized():
        timeout = dist_cfg.get('timeout')
        torch.distributed.init_process_group(
            backend='gloo', rank=int(os.environ['RANK']),
            world_size=int(os.environ['WORLD_SIZE']),
            **({} if timeout is None else
               dict(timeout=datetime.timedelta(seconds=timeout))))
