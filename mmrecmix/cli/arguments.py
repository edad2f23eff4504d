"""The command-line switches every Runner-based tool shares (work dir, config
overrides, launcher, distributed timeout) and how they go into the config."""
import argparse
import os
import os.path as osp

from mmengine.config import Config, DictAction

from .checkpoints import require_complete_checkpoint, require_model_of_checkpoint
from .errors import UsageError

LAUNCHERS = ('none', 'pytorch', 'slurm', 'mpi')
CFG_OPTION_FORMS = ('key.sub=value, lists key=[a,b], tuples key="(a,b)"; a nested dict '
                    'one key at a time, e.g. model.train_cfg.augments.type=mmrecmix.CutMix')


class ConfigOptions(DictAction):
    """mmengine's ``--cfg-options`` action (also ``tools/evaluate.py --options``), whose
    failures on a value it cannot read become a :class:`UsageError` naming the forms
    it reads: a ``dict(...)`` (with a comma mmengine recurses on it without end,
    without one it would be taken as a string), unbalanced brackets, an item without
    ``=``."""

    def __call__(self, parser, namespace, values, option_string=None):
        option = option_string or '--cfg-options'
        for item in values:
            value = item.partition('=')[2].strip('\'"')
            try:
                if value.startswith('dict('):
                    raise ValueError(item)
                super().__call__(parser, namespace, [item], option_string)
            except (RecursionError, AssertionError, ValueError):
                raise UsageError(f'{option} {item!r}: not a form it reads; use '
                                 f'{CFG_OPTION_FORMS}.') from None


def add_runner_arguments(parser: argparse.ArgumentParser) -> None:
    """The switches every Runner-based tool takes."""
    parser.add_argument('--work-dir', help='the dir to save logs and models')
    parser.add_argument(
        '--cfg-options', nargs='+', action=ConfigOptions,
        help='override config settings, e.g. train_cfg.max_iters=10 '
        'model.backbone.depth=18')
    parser.add_argument('--launcher', choices=LAUNCHERS, default='none',
                        help='job launcher')
    parser.add_argument(
        '--dist-timeout', type=positive_seconds, metavar='SECONDS',
        help='end a distributed run when a rank does not answer a collective for '
        'this long (sets env_cfg.dist_cfg.timeout; torch default: 30 min)')
    parser.add_argument(
        '--debug', action='store_true',
        help='on an error, also print the exception it replaced, with its traceback '
        "(e.g. torch's own text on a refused checkpoint)")
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


def apply_test_arguments(cfg: Config, args: argparse.Namespace) -> None:
    """What every test-run tool folds in: ``args.checkpoint`` (checked to be a complete
    checkpoint, and not an AutoMix one for another model) as ``load_from``, then the
    runner switches."""
    require_complete_checkpoint(args.checkpoint, 'CHECKPOINT',
                                'Pass a .pth file written by tools/train.py.')
    require_model_of_checkpoint(args.checkpoint, cfg.model.get('type', ''))
    cfg.load_from = args.checkpoint
    apply_runner_arguments(cfg, args)
