"""A guide with a pretrained network of its own, frozen: AttentiveMix's."""
import os.path as osp
import pickle
from typing import Optional, Sequence, Tuple, Union

import torch
import torch.nn as nn
import torch.nn.functional as F

from mmrecmix.checkpoint.compat import refusal_message, safe_load
from mmrecmix.checkpoint.convert import state_dict_of, strip_prefix
from mmrecmix.checkpoint.files import checkpoint_problem
from mmrecmix.registry import MODELS

from .base import BaseGuide, Guidance

OWNER = 'FrozenNetworkGuide'
CLASSIFIER_PREFIX = 'backbone.'
MAX_LISTED = 10
# The crop of the paper and OpenMixup: a ResNet-50's last map is 7x7 there.
REFERENCE_SIZE = 224


def refuse_removed_options(options: dict) -> None:
    """A ValueError naming ``input_size`` for the removed ``input_height`` (a config
    of an earlier release), Python's TypeError for any other unknown option."""
    if 'input_height' in options:
        height = options['input_height']
        example = (height if isinstance(height, int) and not isinstance(height, bool)
                   else REFERENCE_SIZE)
        raise ValueError(
            f'{OWNER}: input_height={height!r} was removed; use input_size, the '
            '(height, width) (or one int for a square) every crop is resized to '
            f'before the frozen network (default {REFERENCE_SIZE}, where a '
            f"ResNet-50's 7x7 map is the reference's grid), e.g. input_size={example}.")
    if options:
        raise TypeError(f'{OWNER}.__init__() got an unexpected keyword argument '
                        f'{next(iter(options))!r}')


def listed(keys) -> str:
    """The first keys, sorted, and how many more."""
    keys = sorted(keys)
    more = f' (+{len(keys) - MAX_LISTED} more)' if len(keys) > MAX_LISTED else ''
    return ', '.join(keys[:MAX_LISTED]) + more


def checked_size(size) -> Tuple[int, int]:
    """``input_size`` as a ``(height, width)`` pair of ints >= 1 (an int: a square)."""
    pair = (size, size) if isinstance(size, int) else size
    if (not isinstance(pair, (tuple, list)) or len(pair) != 2 or
            any(isinstance(side, bool) or not isinstance(side, int) or side < 1
                for side in pair)):
        raise ValueError(f'{OWNER}: input_size must be an int >= 1 or a (height, width) '
                         f'pair of them, got {size!r}.')
    return tuple(pair)


def checkpoint_weights(path: str, prefix: Optional[str],
                       drop_prefixes: Sequence[str]) -> dict:
    """The weights of the checkpoint at ``path`` meant for the frozen network,
    loaded with the project's safe loader (tensors and what mmengine writes, no
    code).

    Args:
        path (str): A state dict or a checkpoint holding one (``state_dict``).
        prefix (str, optional): Keep the keys under it, without it; ``None``:
            ``'backbone.'`` when some key starts with it (an mmpretrain classifier
            checkpoint), else every key as it is.
        drop_prefixes (Sequence[str]): Keys (after ``prefix``) that are not the
            network's, dropped: ``('fc.',)`` for a torchvision classifier.
    """
    if not osp.isfile(path):
        raise FileNotFoundError(
            f'{OWNER}: checkpoint {path!r} does not exist. Set the frozen network\'s '
            'pretrained weights, e.g. --cfg-options model.guide.checkpoint=PATH.pth.')
    problem = checkpoint_problem(path)
    if problem is not None:
        raise ValueError(f'{OWNER}: checkpoint {path} is not a complete checkpoint '
                         f'({problem}).')
    try:
        checkpoint = safe_load(path)
    except pickle.UnpicklingError as error:
        raise ValueError(f'{OWNER}: checkpoint {refusal_message(path, error)}') from None
    state = state_dict_of(checkpoint)
    if prefix is None:
        prefix = CLASSIFIER_PREFIX if any(
            key.startswith(CLASSIFIER_PREFIX) for key in state) else ''
    state = strip_prefix(state, prefix)
    return {key: value for key, value in state.items()
            if not key.startswith(tuple(drop_prefixes))}


@MODELS.register_module()
class FrozenNetworkGuide(BaseGuide, nn.Module):
    r"""A pretrained network, frozen, that scores the clean batch for a guided mix
    (AttentiveMix, Walawalkar et al., ICASSP 2020): the score of cell ``(i, j)`` is
    the channel mean of the network's last feature map,

    .. math:: s(i, j) = \frac{1}{C} \sum_c F_c(i, j),

    as OpenMixup reduces it (``features.mean(1)`` of its frozen ``backbone_k``).

    The network is any backbone of the registry (``dict(type='ResNet', depth=50)``:
    mmpretrain's, whose keys are torchvision's) whose last output is a
    ``(N, C, h, w)`` map, with the weights of ``checkpoint``; nothing is downloaded.
    The checkpoint must fill the whole network: missing or unexpected keys are an
    error naming them. An mmpretrain classifier checkpoint loads through its
    ``backbone.`` keys; a torchvision classifier with ``drop_prefixes=('fc.',)``.

    The network stays frozen: no parameter requires gradients, it is always in eval
    mode (:meth:`train` keeps it so), runs without gradients, and
    :meth:`init_weights` reloads the checkpoint, so no initialiser of the classifier
    reaches it. It is a submodule of the classifier: it moves with ``.to(device)``
    and is saved in its checkpoints. The classifier's backbone is not read (no
    hooks on it).

    Args:
        backbone (dict): Config of the frozen network.
        checkpoint (str, optional): Its pretrained weights. ``None`` only with
            ``allow_random_weights=True``.
        prefix (str, optional): Keys of the network in the checkpoint start with it;
            ``None`` guesses (``'backbone.'`` if present, else none).
        drop_prefixes (Sequence[str]): Checkpoint keys (after ``prefix``) that are
            not the network's, e.g. ``('fc.',)``. Defaults to none.
        input_size (int | tuple[int, int]): The batch is resized (bilinear) to this
            ``(height, width)`` before the network, whatever the crop, so that the
            network's grid, and with it the share of the image a cell covers, is
            the same at every crop: a ResNet-50's 7x7 map at the default 224, on
            which ``top_k=6`` pastes 6/49 of a 96 px or a non-square crop as of a
            224 px one. Defaults to 224 (OpenMixup's ``feat_size``, which scales
            the height to 224 keeping the aspect ratio: the same on its square
            crops).
        allow_random_weights (bool): Accept ``checkpoint=None`` and keep the
            network's random initialisation: for tests only, the mix is then
            guided by noise.
    """

    def __init__(self, backbone: dict, checkpoint: Optional[str] = None,
                 prefix: Optional[str] = None, drop_prefixes: Sequence[str] = (),
                 input_size: Union[int, Tuple[int, int]] = REFERENCE_SIZE,
                 allow_random_weights: bool = False, **removed):
        super().__init__()
        refuse_removed_options(removed)
        if not isinstance(backbone, dict) or 'type' not in backbone:
            raise ValueError(f'{OWNER}: backbone must be a config dict with a type, '
                             f"e.g. dict(type='ResNet', depth=50), got {backbone!r}.")
        if checkpoint is None and not allow_random_weights:
            raise ValueError(
                f'{OWNER}: checkpoint is None: the frozen network needs pretrained '
                'weights (AttentiveMix: an ImageNet ResNet-50). Set checkpoint=PATH '
                '(--cfg-options model.guide.checkpoint=PATH.pth), or '
                'allow_random_weights=True for tests.')
        if checkpoint is not None and allow_random_weights:
            raise ValueError(f'{OWNER}: allow_random_weights=True with checkpoint='
                             f'{checkpoint!r}; drop one of them.')
        if isinstance(drop_prefixes, str):
            raise ValueError(f'{OWNER}: drop_prefixes must be a sequence of prefixes, '
                             f"e.g. ('fc.',), got the string {drop_prefixes!r}.")
        self.backbone = MODELS.build(backbone)
        self.checkpoint = checkpoint
        self.prefix = prefix
        self.drop_prefixes = tuple(drop_prefixes)
        self.input_size = checked_size(input_size)
        self.load_checkpoint()
        self.backbone.requires_grad_(False)
        self.train(False)

    def load_checkpoint(self) -> None:
        """Fill the network from ``checkpoint``; raise, naming the keys, unless every
        weight and buffer of the network is in it and nothing else is."""
        if self.checkpoint is None:
            return
        state = checkpoint_weights(self.checkpoint, self.prefix, self.drop_prefixes)
        result = self.backbone.load_state_dict(state, strict=False)
        problems = [f'{kind} keys: {listed(keys)}' for kind, keys in (
            ('missing', result.missing_keys), ('unexpected', result.unexpected_keys))
                    if keys]
        if problems:
            raise ValueError(
                f'{OWNER}: checkpoint {self.checkpoint} does not fit '
                f'{type(self.backbone).__name__} (prefix {self.prefix!r}, '
                f'drop_prefixes {self.drop_prefixes}): ' + '; '.join(problems) +
                '. Use weights of this architecture, or set prefix / drop_prefixes '
                "(a torchvision classifier: drop_prefixes=('fc.',)).")

    def init_weights(self) -> None:
        """Restore the pretrained weights (the random initialisation with
        ``allow_random_weights``) after whatever initialised the classifier."""
        if self.checkpoint is None:
            self.backbone.init_weights()
        else:
            self.load_checkpoint()

    def train(self, mode: bool = True) -> 'FrozenNetworkGuide':
        """Stay in eval mode whatever ``mode`` the classifier is put in."""
        return super().train(False)

    def guidance(self, classifier: nn.Module, inputs: torch.Tensor,
                 targets: torch.Tensor) -> Guidance:
        """``score``: ``(N, h, w)`` channel mean of the network's last map of the
        clean ``inputs``, resized to ``input_size``."""
        with torch.no_grad():
            if tuple(inputs.shape[-2:]) != self.input_size:
                inputs = F.interpolate(inputs, size=self.input_size, mode='bilinear')
            features = self.backbone(inputs)
        return Guidance(score=self.score_map(features))

    def score_map(self, features) -> torch.Tensor:
        last = features[-1]
        if last.dim() != 4:
            raise ValueError(
                f'{OWNER}: the frozen {type(self.backbone).__name__} must end in a '
                f'(N, C, h, w) feature map, got shape {tuple(last.shape)}; pick '
                'an output that is one (for a ViT: out_type=\'featmap\').')
        return last.float().mean(dim=1)
