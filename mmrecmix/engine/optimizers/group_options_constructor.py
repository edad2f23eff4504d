"""Optimizer options and a name for the parameter groups of one part of a model."""
from typing import Optional

import torch.nn as nn
from mmengine.optim import DefaultOptimWrapperConstructor, OptimWrapper

from mmrecmix.registry import OPTIM_WRAPPER_CONSTRUCTORS


@OPTIM_WRAPPER_CONSTRUCTORS.register_module()
class GroupOptionsConstructor(DefaultOptimWrapperConstructor):
    """mmengine's default constructor plus ``paramwise_cfg.group_options``:
    ``{key: options}`` sets any optimizer option (``momentum``, ``lr``, ...) on the
    parameters whose name contains ``key`` (mmengine's ``custom_keys`` only scale lr
    and decay) and names their groups ``key`` (``group_name``), so that
    :class:`mmrecmix.GroupCosineAnnealingLR` can give them a schedule of their own.
    AutoMix's Mix Block uses it (reference: SGD momentum 0, cosine to 1e-3 while the
    encoder's lr goes to 0).

    Example::

        optim_wrapper = dict(
            constructor='mmrecmix.GroupOptionsConstructor',
            optimizer=dict(type='SGD', lr=0.1, momentum=0.9, weight_decay=1e-4),
            paramwise_cfg=dict(group_options=dict(mix_block=dict(momentum=0.0))))
    """

    def __init__(self, optim_wrapper_cfg: dict, paramwise_cfg: Optional[dict] = None):
        paramwise_cfg = dict(paramwise_cfg or {})
        self.group_options = paramwise_cfg.pop('group_options', {})
        # A non-empty paramwise_cfg makes the default constructor build one group per
        # parameter, which the options need.
        paramwise_cfg.setdefault('custom_keys', {})
        super().__init__(optim_wrapper_cfg, paramwise_cfg)

    def __call__(self, model: nn.Module) -> OptimWrapper:
        optim_wrapper = super().__call__(model)
        module = model.module if hasattr(model, 'module') else model
        names = {id(param): name for name, param in module.named_parameters()}
        matched = set()
        for group in optim_wrapper.optimizer.param_groups:
            name = names[id(group['params'][0])]
            key = next((key for key in self.group_options if key in name), None)
            group['group_name'] = key
            if key is not None:
                group.update(self.group_options[key])
                matched.add(key)
        unmatched = set(self.group_options) - matched
        if unmatched:
            raise ValueError(
                f'paramwise_cfg.group_options: no parameter name contains '
                f'{sorted(unmatched)}; the model has e.g. {list(names.values())[:3]}.')
        return optim_wrapper
