"""What the converters of released checkpoints share: ``SRC DST --config CONFIG``, the
model the config builds as the target that every converted key must fit, the safe
loading and the saving (``mmrecmix.cli.convert_checkpoint``)."""
import argparse
from typing import Callable, Optional

import torch.nn as nn

from mmrecmix.checkpoint.convert import shapes_of
from mmrecmix.cli import ConfigOptions, convert_checkpoint, load_config


def config_model(config: str, cfg_options: Optional[dict] = None) -> nn.Module:
    """The model ``config`` (with ``cfg_options`` applied) builds, as a Runner would."""
    from mmengine.registry import init_default_scope

    from mmrecmix.registry import MODELS
    cfg = load_config(config, cfg_options)
    init_default_scope(cfg.get('default_scope', 'mmpretrain'))
    return MODELS.build(cfg.model)


def convert_released(argv, doc: str, convert: Callable, hint: str) -> None:
    """Parse ``SRC DST --config CONFIG [--cfg-options ...]`` from ``argv`` (``doc``'s
    first line describes the tool) and save ``convert(checkpoint, target)`` of ``SRC``
    to ``DST``, the target being the shapes of the config's model."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument('src', help='the released checkpoint')
    parser.add_argument('dst', help='where to save the mmrecmix checkpoint')
    parser.add_argument('--config', required=True,
                        help='the config to evaluate the checkpoint with: its model is '
                        'the one every converted weight must fit')
    parser.add_argument('--cfg-options', nargs='+', default=None, action=ConfigOptions,
                        help='override config settings, as for tools/test.py')
    args = parser.parse_args(argv)
    count = convert_checkpoint(
        args.src, args.dst, lambda checkpoint: convert(checkpoint, shapes_of(
            config_model(args.config, args.cfg_options).state_dict())),
        meta=dict(converted_from=args.src, config=args.config), hint=hint)
    print(f'Saved {count} tensors to {args.dst}')
