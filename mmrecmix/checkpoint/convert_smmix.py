"""The DeiT checkpoints the SMMix authors released (ChenMnZ/SMMix) as mmrecmix
checkpoints.

Their ``main.py`` (DeiT's) saves ``model``, ``optimizer``, ``lr_scheduler``, ``epoch``,
``model_ema``, ``scaler`` and ``args`` (the ``argparse.Namespace`` of the run); its
``--eval --resume`` evaluates ``model``, so only ``model`` is converted (``model_ema``
is left out). ``deit.py`` names the weights as timm's ViT does, plus the ``token_head``
that SMMix trains on the mixed regions' tokens. facebookresearch/deit's own checkpoints
(``{'model': ...}``, no ``token_head``) have the same layout.

mmpretrain 1.2 ships no DeiT converter as an importable module (its
``deit3_to_mmpretrain.py`` is a script in the package data, and it would put
``token_head`` under ``backbone.``), so the mapping is written out here; the tests
check it against that script where it is installed.
"""
import argparse
import contextlib
from collections import OrderedDict
from typing import Mapping

import torch

from .convert import convert_strictly, require_keys

SOURCE = 'SMMix (timm DeiT)'
FIX = ('Pass the .pth the SMMix authors released and, as --config, the config of its '
       'DeiT (configs/deit/deit-small_4xb256-smmix_in1k.py for DeiT-S).')

# timm's ViT names (left) onto mmpretrain's VisionTransformer and
# VisionTransformerClsHead, and mmrecmix.GuidedMixClassifier's token_head.
TIMM_DEIT_RULES = (
    (r'(cls_token|pos_embed)', r'backbone.\1'),
    (r'patch_embed\.proj\.(.+)', r'backbone.patch_embed.projection.\1'),
    (r'blocks\.(\d+)\.norm([12])\.(.+)', r'backbone.layers.\1.ln\2.\3'),
    (r'blocks\.(\d+)\.attn\.((qkv|proj)\..+)', r'backbone.layers.\1.attn.\2'),
    (r'blocks\.(\d+)\.mlp\.fc1\.(.+)', r'backbone.layers.\1.ffn.layers.0.0.\2'),
    (r'blocks\.(\d+)\.mlp\.fc2\.(.+)', r'backbone.layers.\1.ffn.layers.1.\2'),
    (r'norm\.(.+)', r'backbone.ln1.\1'),
    (r'head\.(.+)', r'head.layers.head.\1'),
    (r'token_head\.(.+)', r'token_head.\1'),
)
TIMM_DEIT_KEYS = ('cls_token', 'pos_embed', 'patch_embed.proj.weight',
                  'blocks.0.attn.qkv.weight', 'norm.weight', 'head.weight')


def convert_smmix_deit(checkpoint: Mapping, target: Mapping[str, torch.Size]
                       ) -> 'OrderedDict[str, torch.Tensor]':
    """An SMMix DeiT checkpoint (``model``: timm's ViT keys and ``token_head``) as the
    state dict of the mmrecmix classifier whose shapes ``target`` gives
    (``backbone.`` VisionTransformer, ``head.layers.head``, ``token_head``).

    Raises:
        KeyError: One line, if the keys are not a timm DeiT's or do not fill
            ``target`` exactly.
    """
    state = checkpoint.get('model', checkpoint)
    require_keys(state, TIMM_DEIT_KEYS, SOURCE, FIX)
    return convert_strictly(state, TIMM_DEIT_RULES, target, SOURCE, FIX)


@contextlib.contextmanager
def allowing_run_arguments():
    """Let torch's safe loader rebuild the ``argparse.Namespace`` a DeiT-style
    checkpoint keeps under ``args`` (attribute values only: it runs no code); every
    other object stays refused. On torch < 2.6 mmrecmix loads with its own restricted
    unpickler, which this does not widen: such a file is refused there."""
    if not hasattr(torch.serialization, 'safe_globals'):
        yield
        return
    with torch.serialization.safe_globals([argparse.Namespace]):
        yield
