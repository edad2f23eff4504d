"""Key conversions between checkpoint layouts (used by tools/model_converters and by
the hooks and guides that read a backbone out of a classifier checkpoint)."""
from collections import OrderedDict
from typing import Mapping, Optional

import torch

# The authors' RecursiveMix ResNets are torchvision ResNets plus an `fc_roi` layer;
# mmpretrain's ResNet uses torchvision's names, so only the heads move.
RECURSIVEMIX_HEADS = (('fc_roi.', 'consistency.fc.'), ('fc.', 'head.fc.'))
TORCHVISION_RESNET_KEYS = ('conv1.weight', 'bn1.weight', 'layer4.0.conv1.weight',
                           'fc.weight')


def state_dict_of(checkpoint: Mapping) -> Mapping:
    """The weights of a checkpoint that is either a state dict or holds one."""
    return checkpoint.get('state_dict', checkpoint)


def strip_prefix(state: Mapping, prefix: str) -> 'OrderedDict[str, torch.Tensor]':
    """The entries under ``prefix`` with the prefix removed."""
    return OrderedDict((key[len(prefix):], value) for key, value in state.items()
                       if key.startswith(prefix))


def default_backbone_prefix(checkpoint: Mapping) -> str:
    """``momentum_encoder.backbone.`` for an AutoMix checkpoint (the paper evaluates
    and transfers the momentum encoder), else ``backbone.``."""
    state = state_dict_of(checkpoint)
    momentum = 'momentum_encoder.backbone.'
    return momentum if any(key.startswith(momentum) for key in state) else 'backbone.'


def backbone_state_dict(checkpoint: Mapping, prefix: Optional[str] = None
                        ) -> 'OrderedDict[str, torch.Tensor]':
    """The backbone of a classifier checkpoint: no head, RoI head, token head, Mix
    Block or optimizer state. ``prefix`` defaults to
    :func:`default_backbone_prefix`.

    Raises:
        KeyError: If no weight starts with ``prefix``.
    """
    prefix = prefix or default_backbone_prefix(checkpoint)
    state = strip_prefix(state_dict_of(checkpoint), prefix)
    if not state:
        some = ', '.join(list(state_dict_of(checkpoint))[:5])
        raise KeyError(f'no weight starts with {prefix!r} (the checkpoint has '
                       f'{some}, ...); pass the prefix of the backbone.')
    return state


def convert_recursivemix_resnet(checkpoint: Mapping) -> 'OrderedDict[str, torch.Tensor]':
    """The authors' RecursiveMix ResNet checkpoint (torchvision keys, ``fc`` and
    ``fc_roi``, maybe ``module.``-prefixed) as a state dict of
    ``mmrecmix.RecursiveMixClassifier`` (``backbone.``, ``head.fc.``,
    ``consistency.fc.``).

    Raises:
        KeyError: If the keys are not a torchvision-style ResNet's.
    """
    state = state_dict_of(checkpoint)
    if all(key.startswith('module.') for key in state):
        state = strip_prefix(state, 'module.')
    missing = [key for key in TORCHVISION_RESNET_KEYS if key not in state]
    if missing:
        raise KeyError(
            f'not a torchvision-style ResNet checkpoint: no {", ".join(missing)} '
            f'(it has {", ".join(list(state)[:5])}, ...).')
    converted = OrderedDict()
    for key, value in state.items():
        new = next((mm + key[len(tv):] for tv, mm in RECURSIVEMIX_HEADS
                    if key.startswith(tv)), f'backbone.{key}')
        converted[new] = value
    return converted
