"""The checkpoints of OpenMixup's model zoo (Westlake-AI/openmixup) as mmrecmix
checkpoints.

OpenMixup trains with mmcv 1's runner, whose checkpoints hold ``meta``, ``state_dict``
and ``optimizer``. Its ResNets (``ResNet``, ``ResNet_Mix``) and ViTs
(``VisionTransformer``: ``patch_embed.projection``, ``layers.N.ln1`` / ``attn`` /
``ln2`` / ``ffn``, final ``ln1``) come from mmcls 0.x and its heads keep mmcls's names
(``ClsHead`` / ``ClsMixupHead``: ``fc``; ``VisionTransformerClsHead``:
``layers.head``), which mmpretrain 1.x kept: ``backbone.`` and ``head.`` carry over
unchanged.

An AutoMix or SAMix model (``AutoMixup``) holds two encoders and four heads, and saves
the momentum encoder and its one-hot head a second time under ``backbone.`` and
``head.`` (``self.backbone = self.backbone_k``, ``self.head = self.head_one_k``): the
network the paper evaluates. Its other copies are left out (:data:`IGNORED`), so such
a checkpoint converts into the plain classifier of the same network.
"""
from collections import OrderedDict
from typing import Mapping

import torch

from .convert import convert_strictly, state_dict_of

SOURCE = 'OpenMixup (mmcv 1)'
FIX = ("Pass the full checkpoint OpenMixup released (its state_dict holds backbone. and "
       'head.; an extracted backbone has no head) and, as --config, the config of a '
       'plain classifier of its network, e.g. the table row\'s baseline config.')

RULES = ((r'(backbone|head)\..+', r'\g<0>'), )
IGNORED = {
    r'backbone_q\..+': "AutoMix's online encoder: the paper evaluates the momentum one",
    r'backbone_k\..+': "AutoMix's momentum encoder, saved again as backbone.; or the "
                       'frozen pre-trained network AttentiveMix+ and PuzzleMix read',
    r'head_(mix|one)_[qk]\..+': "AutoMix's heads; the evaluated one is saved again as "
                                'head.',
    r'mix_block\..+': "AutoMix's Mix Block (or a pre-trained one another mix reads)",
}


def convert_openmixup(checkpoint: Mapping, target: Mapping[str, torch.Size]
                      ) -> 'OrderedDict[str, torch.Tensor]':
    """An OpenMixup (mmcv 1) classification checkpoint as the state dict of the
    mmpretrain ``ImageClassifier`` whose shapes ``target`` gives: ``backbone.`` and
    ``head.`` unchanged, AutoMix's extra encoders, heads and Mix Block left out.

    Raises:
        KeyError: One line, if the weights do not fill ``target`` exactly.
    """
    return convert_strictly(state_dict_of(checkpoint), RULES, target, SOURCE, FIX,
                            ignored=IGNORED)
