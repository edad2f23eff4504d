"""The part the CIFAR backbones of mmrecmix share: a stem followed by named residual
stages, returning the outputs of the stages in ``out_indices``, with mmpretrain's
``frozen_stages`` and ``norm_eval``."""
from typing import Sequence, Tuple, Union

import torch
import torch.nn as nn
from mmpretrain.models.backbones.base_backbone import BaseBackbone
from torch.nn.modules.batchnorm import _BatchNorm


def check_out_indices(out_indices: Union[int, Sequence[int]],
                      num_stages: int) -> Tuple[int, ...]:
    """``out_indices`` as sorted stage indices in ``[0, num_stages)``; negative ones
    count from the last stage."""
    if isinstance(out_indices, int):
        out_indices = (out_indices, )
    if len(out_indices) == 0 or any(
            not isinstance(i, int) or not -num_stages <= i < num_stages
            for i in out_indices):
        raise ValueError(
            f'out_indices must be stage indices in [{-num_stages}, '
            f'{num_stages - 1}], got {out_indices}')
    return tuple(sorted({i % num_stages for i in out_indices}))


def check_frozen_stages(frozen_stages: int, num_stages: int) -> int:
    if not isinstance(frozen_stages, int) or not -1 <= frozen_stages <= num_stages:
        raise ValueError(
            f'frozen_stages must be an int in [-1, {num_stages}] (-1: none, 0: the '
            f'stem, k: the stem and the first k stages), got {frozen_stages}')
    return frozen_stages


class ResidualStagesBackbone(BaseBackbone):
    """A stem and residual stages ``layer1``, ``layer2``, ... run in turn.

    ``res_layers`` names the stage modules in order, as mmpretrain's ``ResNet``
    does, and a stage module's output is the feature returned for its index, so a
    forward hook on ``getattr(backbone, backbone.res_layers[k - 1])`` sees stage k.

    Args:
        stem (nn.Module): Applied to the input image.
        stages (Sequence[nn.Module]): The stages, applied after the stem.
        out_channels (Sequence[int]): The output channels of each stage.
        out_indices (int | Sequence[int]): The stages whose outputs are returned.
        frozen_stages (int): -1 freezes nothing, 0 the stem, k the stem and the
            first k stages (eval mode, no gradients).
        norm_eval (bool): Keep every BN in eval mode while training.
        init_cfg (dict | list[dict], optional): mmengine's initialisation config.
    """

    def __init__(self, stem: nn.Module, stages: Sequence[nn.Module],
                 out_channels: Sequence[int], out_indices, frozen_stages: int,
                 norm_eval: bool, init_cfg=None):
        super().__init__(init_cfg)
        self.out_indices = check_out_indices(out_indices, len(stages))
        self.frozen_stages = check_frozen_stages(frozen_stages, len(stages))
        self.norm_eval = norm_eval
        self.out_channels = tuple(out_channels)
        self.stem = stem
        self.res_layers = []
        for index, stage in enumerate(stages, start=1):
            name = f'layer{index}'
            self.add_module(name, stage)
            self.res_layers.append(name)
        self._freeze_stages()

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, ...]:
        x = self.stem(x)
        outs = []
        for index, name in enumerate(self.res_layers):
            x = getattr(self, name)(x)
            if index in self.out_indices:
                outs.append(x)
        return tuple(outs)

    def _freeze_stages(self):
        if self.frozen_stages < 0:
            return
        frozen = [self.stem] + [getattr(self, name)
                                for name in self.res_layers[:self.frozen_stages]]
        for module in frozen:
            module.eval()
            for param in module.parameters():
                param.requires_grad = False

    def train(self, mode: bool = True):
        super().train(mode)
        self._freeze_stages()
        if mode and self.norm_eval:
            for module in self.modules():
                if isinstance(module, _BatchNorm):
                    module.eval()
        return self
