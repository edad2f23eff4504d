"""Where AutoMix's Mix Block reads its ``(N, C, h, w)`` feature map in a backbone:
an ``out_indices`` output, a ViT's patch tokens after one block, or the blocks of one
stage before the backbone's output norm and pooling."""
from typing import Optional

import torch
import torch.nn as nn

from ..utils import tokens_to_map

MIX_FEATURES = ('stage', 'vit_tokens', 'stage_blocks')


def check_mix_feature(backbone: nn.Module, mix_feature: str, mix_stage: int) -> None:
    """Refuse, naming the fix, a backbone that cannot give the Mix Block a map from
    ``mix_feature`` at ``mix_stage`` (the ``out_indices`` entry itself is checked by
    :meth:`mmrecmix.AutoMixClassifier.stage_position`)."""
    kind = type(backbone).__name__
    if mix_feature not in MIX_FEATURES:
        raise ValueError(f'AutoMixClassifier: mix_feature must be one of {MIX_FEATURES}, '
                         f'got {mix_feature!r}.')
    if mix_feature == 'stage':
        if getattr(backbone, 'out_type', 'featmap') != 'featmap':
            raise ValueError(
                f"AutoMixClassifier: the {kind}'s out_indices outputs are "
                f"'{backbone.out_type}', not maps; set mix_feature='vit_tokens' and "
                "mix_stage=<block index> (OpenMixup's DeiT-S: 5, the 6th of 12 blocks).")
        if getattr(backbone, 'gap_before_final_norm', False):
            raise ValueError(
                f'AutoMixClassifier: the {kind} pools its out_indices outputs '
                "(gap_before_final_norm); set mix_feature='stage_blocks' to read "
                'backbone.stages[mix_stage] before its norm and pooling.')
        return
    if mix_feature == 'vit_tokens':
        layers = getattr(backbone, 'layers', None)
        if (not isinstance(layers, nn.ModuleList) or not hasattr(backbone, 'patch_embed')
                or not hasattr(backbone, 'num_extra_tokens')):
            raise ValueError(
                f"AutoMixClassifier: mix_feature='vit_tokens' reads backbone.layers["
                f'mix_stage] and backbone.patch_embed of a VisionTransformer (DeiT); '
                f"the {kind} has no such parts: use mix_feature='stage'.")
        if not 0 <= mix_stage < len(layers):
            raise ValueError(f'AutoMixClassifier: mix_stage={mix_stage} is no block of '
                             f'the {kind}, which has {len(layers)}.')
        return
    stages = getattr(backbone, 'stages', None)
    if not isinstance(stages, nn.ModuleList) or not 0 <= mix_stage < len(stages):
        raise ValueError(
            f"AutoMixClassifier: mix_feature='stage_blocks' reads backbone.stages["
            f'{mix_stage}]; the {kind} has no such stage.')


def read_mix_feature(backbone: nn.Module, inputs: torch.Tensor, mix_feature: str,
                     mix_stage: int, feature_index: Optional[int]) -> torch.Tensor:
    """The Mix Block's map from one whole forward of ``backbone`` on ``inputs``:

    - ``'stage'``: the output at position ``feature_index`` of ``out_indices`` (ResNet
      stage 3; Swin with ``out_after_downsample=True``, as OpenMixup's Swin outputs
      a stage after its patch merging);
    - ``'vit_tokens'``: the tokens leaving block ``layers[mix_stage]``, without the
      extra tokens, on the patch grid (:func:`tokens_to_map`);
    - ``'stage_blocks'``: what ``stages[mix_stage]`` gives, before the backbone's
      ``out_indices`` norm and pooling (ConvNeXt, as OpenMixup's ConvNeXt outputs
      its first three stages).

    The whole backbone runs, as the reference's does (its later stages' statistics
    are updated by the pass)."""
    if mix_feature == 'stage':
        feature = backbone(inputs)[feature_index]
    else:
        captured = {}

        def keep(name):
            def hook(module, args, output):
                captured[name] = output
            return hook

        parts = (dict(tokens=backbone.layers[mix_stage], grid=backbone.patch_embed)
                 if mix_feature == 'vit_tokens' else dict(map=backbone.stages[mix_stage]))
        handles = [module.register_forward_hook(keep(name))
                   for name, module in parts.items()]
        try:
            backbone(inputs)
        finally:
            for handle in handles:
                handle.remove()
        if mix_feature == 'vit_tokens':
            feature = tokens_to_map(captured['tokens'], captured['grid'][1],
                                    backbone.num_extra_tokens)
        else:
            feature = captured['map']
    if not isinstance(feature, torch.Tensor) or feature.dim() != 4:
        shape = tuple(feature.shape) if isinstance(feature, torch.Tensor) else type(feature)
        raise ValueError(
            f'AutoMixClassifier: the Mix Block needs an (N, C, h, w) map but '
            f"mix_feature={mix_feature!r} at stage {mix_stage} of the "
            f'{type(backbone).__name__} gives {shape}; a ViT takes '
            "mix_feature='vit_tokens', ConvNeXt mix_feature='stage_blocks'.")
    return feature
