"""Train a model from an mmpretrain, mmdet, mmseg or mmrecmix config with mmengine's Runner."""
import argparse

import torch

from mmrecmix.cli import (UsageError, add_runner_arguments,
                          apply_runner_arguments, auto_resume_checkpoint,
                          build_runner, closing_process_group,
                          exit_on_usage_error, parse_runner_args,
                          refusing_code, require_complete_checkpoint)
from mmrecmix.engine.hooks import naming_silent_ranks


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description='Train a model')
    parser.add_argument('config', help='train config file path')
    parser.add_argument(
        '--resume', nargs='?', type=str, const='auto',
        help='resume from the given checkpoint; without a path, from the latest '
        'checkpoint in the work dir (an error when there is none)')
    parser.add_argument(
        '--allow-non-finite', action='store_true',
        help='train on when a loss is NaN or infinite (by default '
        'mmrecmix.NonFiniteLossHook stops the run and saves nothing non-finite)')
    parser.add_argument(
        '--amp', action='store_true',
        help='enable automatic mixed precision training (needs a GPU)')
    parser.add_argument(
        '--amp-dtype', choices=('float16', 'bfloat16'), default='float16',
        help='the autocast type of --amp: float16 with dynamic loss scaling '
        '(default), or bfloat16 (no scaling needed)')
    parser.add_argument(
        '--auto-scale-lr', action='store_true',
        help='scale the learning rate by the real batch size against '
        'auto_scale_lr.base_batch_size of the config')
    add_runner_arguments(parser)
    return parse_runner_args(parser, argv)


def merge_args(cfg, args):
    """Fold the command-line switches into the config."""
    apply_runner_arguments(cfg, args)

    if args.amp:
        if not torch.cuda.is_available():
            raise UsageError('--amp needs a GPU and none is visible; drop --amp '
                             'to train in float32 on the CPU.')
        cfg.optim_wrapper.type = 'AmpOptimWrapper'
        cfg.optim_wrapper.dtype = args.amp_dtype
        if args.amp_dtype == 'float16':
            cfg.optim_wrapper.setdefault('loss_scale', 'dynamic')
        else:  # bfloat16 has float32's range: nothing to scale
            cfg.optim_wrapper.loss_scale = 1.0

    if args.auto_scale_lr:
        if 'base_batch_size' not in (cfg.get('auto_scale_lr') or {}):
            raise UsageError('--auto-scale-lr needs auto_scale_lr = dict('
                             'base_batch_size=...) in the config (the batch size '
                             'its learning rate was set for).')
        cfg.auto_scale_lr.enable = True

    if args.resume == 'auto':
        cfg.resume, cfg.load_from = True, auto_resume_checkpoint(cfg.work_dir)
    elif args.resume is not None:
        require_complete_checkpoint(
            args.resume, '--resume', 'Pass an existing .pth file to --resume, or '
            '--resume alone for the latest in the work dir.')
        cfg.resume, cfg.load_from = True, args.resume
    elif cfg.get('load_from'):
        require_complete_checkpoint(cfg.load_from, 'load_from',
                                    'Point load_from at a complete .pth file.')
    guard_long_runs(cfg, args.allow_non_finite)
    return cfg


def guard_long_runs(cfg, allow_non_finite: bool) -> None:
    """Checkpoints through mmrecmix.SafeCheckpointHook (atomic, own work dir only),
    unless ``allow_non_finite`` mmrecmix.NonFiniteLossHook in every run, and
    mmrecmix.RankHeartbeatHook in distributed ones."""
    checkpoint = (cfg.get('default_hooks') or {}).get('checkpoint')
    if checkpoint and checkpoint.get('type') in ('CheckpointHook',
                                                 'mmengine.CheckpointHook'):
        checkpoint['type'] = 'mmrecmix.SafeCheckpointHook'
    hooks = cfg.get('custom_hooks') or []
    listed = any(str(hook.get('type', '')).endswith('NonFiniteLossHook')
                 for hook in hooks)
    if not allow_non_finite and not listed:
        hooks = [*hooks, dict(type='mmrecmix.NonFiniteLossHook')]
    if cfg.launcher != 'none':
        hooks = [*hooks, dict(type='mmrecmix.RankHeartbeatHook')]
    cfg.custom_hooks = hooks


@exit_on_usage_error
def main(argv=None):
    loaders = ('train_dataloader', 'val_dataloader')
    runner = build_runner(parse_args(argv), merge_args, loaders)
    with closing_process_group(), naming_silent_ranks(), \
            refusing_code(runner.cfg.get('load_from') or 'a checkpoint it loads'):
        runner.train()


if __name__ == '__main__':
    main()
