"""Starting and ending a tool's run: the Runner built from the checked config, a
distributed launch that also works without GPUs (gloo), and the process group
destroyed when the run ends well."""
import argparse
import contextlib
import datetime
import os
from typing import Callable

import torch
from mmengine.config import Config

from .config import load_config
from .datasets import check_dataset_layouts, name_unreadable_images
from .errors import UsageError


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
