"""Key conversions between checkpoint layouts (used by tools/model_converters and by
the hooks and guides that read a backbone out of a classifier checkpoint), and the strict
renaming the converters of released checkpoints share (``convert_clovaai``,
``convert_smmix``, ``convert_openmixup``)."""
import re
from collections import OrderedDict
from typing import Dict, Iterable, Mapping, Optional, Sequence, Tuple

import torch

# The authors' RecursiveMix ResNets are torchvision ResNets plus an `fc_roi` layer;
# mmpretrain's ResNet uses torchvision's names, so only the heads move.
RECURSIVEMIX_HEADS = (('fc_roi.', 'consistency.fc.'), ('fc.', 'head.fc.'))
TORCHVISION_RESNET_KEYS = ('conv1.weight', 'bn1.weight', 'layer4.0.conv1.weight',
                           'fc.weight')
# BatchNorm's batch counters: PyTorch < 0.4.1 did not save them and evaluation never reads
# them, so a target's counters that a source lacks are filled with 0.
BATCH_COUNTER = 'num_batches_tracked'
# (regular expression matching a whole source key, its target name as ``re`` expands it)
Rules = Sequence[Tuple[str, str]]


def state_dict_of(checkpoint: Mapping) -> Mapping:
    """The weights of a checkpoint that is either a state dict or holds one."""
    return checkpoint.get('state_dict', checkpoint)


def strip_prefix(state: Mapping, prefix: str) -> 'OrderedDict[str, torch.Tensor]':
    """The entries under ``prefix`` with the prefix removed."""
    return OrderedDict((key[len(prefix):], value) for key, value in state.items()
                       if key.startswith(prefix))


def without_data_parallel_prefix(state: Mapping) -> Mapping:
    """``state`` without the ``module.`` that ``nn.DataParallel`` and DDP put before every
    key of the model they wrap."""
    if state and all(key.startswith('module.') for key in state):
        return strip_prefix(state, 'module.')
    return state


def listed(keys: Sequence[str], limit: int = 3) -> str:
    """The first ``limit`` of ``keys``, and how many there are when that is not all."""
    more = f', ... ({len(keys)} in all)' if len(keys) > limit else ''
    return ', '.join(keys[:limit]) + more


def require_keys(state: Mapping, keys: Iterable[str], layout: str, fix: str) -> None:
    """Raise a one-line ``KeyError`` unless ``state`` holds every key of ``keys``, the
    keys that tell the ``layout`` apart."""
    missing = [key for key in keys if key not in state]
    if missing:
        raise KeyError(f'not a {layout} checkpoint: no {", ".join(missing)} (it has '
                       f'{listed(list(state), 5)}). {fix}'.rstrip())


def shapes_of(state: Mapping) -> Dict[str, torch.Size]:
    """The shape of every tensor of a state dict: what a converter needs of its target."""
    return {key: value.shape for key, value in state.items()}


def renamed(key: str, rules: Rules) -> Optional[str]:
    """``key`` renamed by the first rule whose pattern matches all of it, or ``None``."""
    for pattern, replacement in rules:
        match = re.fullmatch(pattern, key)
        if match:
            return match.expand(replacement)
    return None


def fit_problems(converted: Mapping, unused: Sequence[str],
                 target: Mapping[str, torch.Size]) -> list:
    """What keeps ``converted`` from loading strictly into a model of ``target``'s
    shapes: its missing keys, the source keys nothing in it received, wrong shapes."""
    missing = [key for key in target if key not in converted]
    wrong = [f'{key} {tuple(converted[key].shape)} vs {tuple(shape)}'
             for key, shape in target.items()
             if key in converted and tuple(converted[key].shape) != tuple(shape)]
    return [f'{what}: {listed(keys)}' for what, keys in (
        ('missing', missing), ('unused', unused), ('shape (checkpoint vs model)', wrong))
        if keys]


def convert_strictly(state: Mapping, rules: Rules, target: Mapping[str, torch.Size],
                     source: str, fix: str, ignored: Mapping[str, str] = {}
                     ) -> 'OrderedDict[str, torch.Tensor]':
    """``state`` renamed by ``rules`` into exactly the entries of ``target`` (key ->
    shape of the model it is for), in the target's order.

    Every key of ``state`` must be renamed to a key of ``target``, unless it matches one
    of the ``ignored`` patterns (pattern -> why it is left out); every key of ``target``
    must be filled, except BatchNorm batch counters (:data:`BATCH_COUNTER`, filled with
    0); every shape must agree.

    Raises:
        KeyError: One line naming the first missing, unused and misshapen keys, the
            ``source`` layout and the ``fix``.
    """
    converted, unused = {}, []
    for key, value in state.items():
        if any(re.fullmatch(pattern, key) for pattern in ignored):
            continue
        new = renamed(key, rules)
        if new in target:
            converted[new] = value
        else:
            unused.append(key)
    for key, shape in target.items():
        if key.endswith(BATCH_COUNTER) and key not in converted:
            converted[key] = torch.zeros(shape, dtype=torch.long)
    problems = fit_problems(converted, unused, target)
    if problems:
        raise KeyError(f'the {source} checkpoint does not fit the model: '
                       f'{"; ".join(problems)}. {fix}')
    return OrderedDict((key, converted[key]) for key in target)


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


# Keys of mmdet's PyramidVisionTransformer (PVT v1) layout: stage 1's patch embedding
# and absolute position embedding. mmdet's PVT has no key outside ``layers.``; the
# classifier on it (``mmrecmix.PyramidVisionTransformerCls``) adds a class token and
# a final norm there.
PVT_V1_LAYOUT_KEYS = ('layers.0.0.projection.weight', 'layers.0.1.0.pos_embed')
PVT_V1_CLASSIFIER = 'PyramidVisionTransformerCls'


def is_pvt_v1_classifier(checkpoint: Mapping, backbone: Mapping) -> bool:
    """Whether ``backbone`` (the backbone weights of ``checkpoint``, no prefix) is a
    ``PyramidVisionTransformerCls``: its keys are mmdet's PVT layout, and the config
    that mmengine's Runner saves in the checkpoint's ``meta`` names the class or keys
    lie outside ``layers.`` (the class token and the final norm)."""
    if not all(key in backbone for key in PVT_V1_LAYOUT_KEYS):
        return False
    meta = checkpoint.get('meta') if 'state_dict' in checkpoint else None
    config = meta.get('cfg') if isinstance(meta, Mapping) else None
    return ((isinstance(config, str) and PVT_V1_CLASSIFIER in config)
            or any(not key.startswith('layers.') for key in backbone))


def convert_recursivemix_resnet(checkpoint: Mapping) -> 'OrderedDict[str, torch.Tensor]':
    """The authors' RecursiveMix ResNet checkpoint (torchvision keys, ``fc`` and
    ``fc_roi``, maybe ``module.``-prefixed) as a state dict of
    ``mmrecmix.RecursiveMixClassifier`` (``backbone.``, ``head.fc.``,
    ``consistency.fc.``).

    Raises:
        KeyError: If the keys are not a torchvision-style ResNet's.
    """
    state = without_data_parallel_prefix(state_dict_of(checkpoint))
    require_keys(state, TORCHVISION_RESNET_KEYS, 'torchvision-style ResNet', '')
    converted = OrderedDict()
    for key, value in state.items():
        new = next((mm + key[len(tv):] for tv, mm in RECURSIVEMIX_HEADS
                    if key.startswith(tv)), f'backbone.{key}')
        converted[new] = value
    return converted
