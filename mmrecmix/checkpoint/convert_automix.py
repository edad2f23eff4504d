"""An mmrecmix AutoMix checkpoint (``mmrecmix.AutoMixClassifier``) as the checkpoint of
the plain classifier of its network, holding the encoder the paper evaluates.

``AutoMixClassifier`` keeps the online encoder ``f_q`` under ``backbone.`` / ``neck.``
/ ``head.`` and the momentum encoder ``f_k`` under ``momentum_encoder.``; its
``predict`` and ``extract_feat`` use the momentum one, which AutoMix reports
(OpenMixup evaluates ``backbone_k`` / ``head_one_k``). Loaded into a plain
``ImageClassifier`` config, such a checkpoint fills ``backbone.`` / ``head.`` with the
online encoder and only warns about the rest, so tools that build a plain classifier
(the localisation configs, CAMs) would score the wrong encoder: this conversion moves
``momentum_encoder.{backbone,neck,head}.*`` to ``{backbone,neck,head}.*`` and leaves
the online encoder, the Mix Block and the mixed-sample head (both copies) out,
strictly.
"""
from collections import OrderedDict
from typing import Mapping

import torch

from .convert import convert_strictly, listed, state_dict_of

SOURCE = 'mmrecmix AutoMixClassifier'
MOMENTUM = 'momentum_encoder.'
FIX = ('Pass a checkpoint that tools/train.py wrote for an AutoMix config '
       '(mmrecmix.AutoMixClassifier) and, as --config, the config of a plain classifier '
       'of its network (e.g. the AutoMix row\'s evaluation config).')

RULES = ((r'momentum_encoder\.((backbone|neck|head)\..+)', r'\1'), )
IGNORED = {
    r'(backbone|neck|head)\..+': "the online encoder f_q: AutoMix evaluates the "
                                 'momentum one',
    r'mix_block\..+': "AutoMix's Mix Block (training only)",
    r'(momentum_encoder\.)?mix_head\..+': 'the head of the mixed samples and its '
                                         'momentum copy (training only)',
}


def convert_automix_momentum(checkpoint: Mapping, target: Mapping[str, torch.Size]
                             ) -> 'OrderedDict[str, torch.Tensor]':
    """The momentum encoder of an ``AutoMixClassifier`` checkpoint as the state dict of
    the plain classifier whose shapes ``target`` gives (its ``backbone.``, ``neck.``
    and ``head.``).

    Raises:
        KeyError: One line, if the checkpoint has no momentum encoder or its weights do
            not fill ``target`` exactly.
    """
    state = state_dict_of(checkpoint)
    if not any(key.startswith(MOMENTUM) for key in state):
        raise KeyError(f'not an AutoMixClassifier checkpoint: no {MOMENTUM}* weights '
                       f'(it has {listed(list(state), 5)}). {FIX}')
    return convert_strictly(state, RULES, target, SOURCE, FIX, ignored=IGNORED)
