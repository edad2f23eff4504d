"""Make a partly loaded pretrained backbone an error instead of a log line."""
import os.path as osp

import torch
from mmengine.hooks import Hook
from mmengine.runner.checkpoint import _load_checkpoint

from mmrecmix.checkpoint.convert import state_dict_of, strip_prefix
from mmrecmix.registry import HOOKS
from .model_access import unwrapped_model

MAX_LISTED = 12


def pretrained_modules(model):
    """``(name, module, init_cfg)`` of every submodule initialised by ``Pretrained``."""
    for name, module in model.named_modules():
        init_cfg = getattr(module, 'init_cfg', None)
        if isinstance(init_cfg, dict) and init_cfg.get('type') == 'Pretrained':
            yield name or 'model', module, init_cfg


def _listed(keys) -> str:
    keys = sorted(keys)
    more = f' (+{len(keys) - MAX_LISTED} more)' if len(keys) > MAX_LISTED else ''
    return ', '.join(keys[:MAX_LISTED]) + more


def load_mismatches(module, checkpoint: str, prefix: str = '') -> dict:
    """How ``module``'s weights differ from the checkpoint's (under ``prefix``):
    ``missing`` (module keys the checkpoint lacks), ``unexpected`` (the reverse),
    ``shape`` and ``value`` (keys whose tensors differ)."""
    expected = state_dict_of(_load_checkpoint(checkpoint, map_location='cpu'))
    if prefix:
        expected = strip_prefix(expected, prefix)
    actual = {k: v.detach().cpu() for k, v in module.state_dict().items()}
    common = set(actual) & set(expected)
    shape = {k for k in common if actual[k].shape != expected[k].shape}
    value = {k for k in common - shape
             if not torch.equal(actual[k], expected[k].to(actual[k].dtype))}
    return dict(missing=set(actual) - set(expected),
                unexpected=set(expected) - set(actual), shape=shape, value=value)


@HOOKS.register_module()
class VerifyPretrainedHook(Hook):
    """Check that every ``init_cfg=dict(type='Pretrained', ...)`` really filled its
    module, and stop the run with the offending keys if not.

    mmengine's ``Pretrained`` loads with ``strict=False``: a checkpoint of another
    architecture, another key layout or a wrong ``prefix`` leaves layers random with
    only a log line. Before the weights are initialised this hook checks that each
    checkpoint file exists; right after (``before_train``) it compares every tensor of
    the module with the checkpoint. Resumed runs and runs with ``load_from`` take
    their weights from elsewhere and are not checked.

    Args:
        check_values (bool): Also require equal values (catches weights that some
            later initialisation overwrote), not only matching keys and shapes.
    """

    priority = 'VERY_HIGH'

    def __init__(self, check_values: bool = True):
        self.check_values = check_values

    def before_run(self, runner):
        for name, _, init_cfg in pretrained_modules(unwrapped_model(runner)):
            checkpoint = init_cfg.get('checkpoint', '')
            if '://' not in checkpoint and not osp.isfile(checkpoint):
                raise FileNotFoundError(
                    f'{name}: init_cfg checkpoint {checkpoint!r} does not exist. Set '
                    f'the pretrained checkpoint, e.g. --cfg-options '
                    f'model.{name}.init_cfg.checkpoint=PATH.pth')

    def before_train(self, runner):
        if runner._resume or runner._load_from:
            return
        for name, module, init_cfg in pretrained_modules(unwrapped_model(runner)):
            found = load_mismatches(module, init_cfg['checkpoint'],
                                    init_cfg.get('prefix') or '')
            if not self.check_values:
                found['value'] = set()
            problems = [f'{kind} keys: {_listed(keys)}'
                        for kind, keys in found.items() if keys]
            if problems:
                raise RuntimeError(
                    f'{name} was not filled by {init_cfg["checkpoint"]} '
                    f'(prefix {init_cfg.get("prefix")!r}): ' + '; '.join(problems) +
                    '. Use a checkpoint of this architecture, or fix the prefix / '
                    'backbone type (mmseg R-50 bases use ResNetV1c).')
            runner.logger.info(f'VerifyPretrainedHook: {name} matches '
                               f'{init_cfg["checkpoint"]} ({len(module.state_dict())} '
                               'tensors).')
