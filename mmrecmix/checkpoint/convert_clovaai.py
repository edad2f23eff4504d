"""The checkpoints the CutMix authors released (clovaai/CutMix-PyTorch) as mmrecmix
checkpoints.

Their ``train.py`` saves ``epoch``, ``arch`` (``'resnet'`` or ``'pyramidnet'``),
``state_dict``, ``best_err1``, ``best_err5`` and ``optimizer``; the weights are those
of the ``nn.DataParallel`` wrapper, so every key starts with ``module.``. Only
``state_dict`` is converted.
"""
from collections import OrderedDict
from typing import Mapping

import torch

from .convert import (TORCHVISION_RESNET_KEYS, convert_strictly, require_keys,
                      state_dict_of, without_data_parallel_prefix)

SOURCE = 'CutMix-PyTorch'
FIX = ("Pass the model_best.pth.tar the CutMix authors released and, as --config, the "
       "table config of its network; OpenMixup's (mmcv) checkpoints go through "
       'openmixup_to_mmrecmix.py.')

# resnet.py's ImageNet ResNets keep torchvision's module names (conv1, bn1,
# layer1.0.conv1, ..., layer1.0.downsample.0/1, fc), which mmpretrain's ResNet uses too:
# only the classifier moves. Their AvgPool2d(7) is the neck's global pooling at 224.
RESNET_RULES = ((r'fc\.(.+)', r'head.fc.\1'), (r'(.+)', r'backbone.\1'))

# pyramidnet.py's CIFAR PyramidNet with bottleneck units: conv1 and bn1 (the stem, no
# ReLU), layer1..3 of units whose bn1, conv1, bn2, conv2, bn3, conv3, bn4 run in that
# order, bn_final (+ ReLU) after layer3, fc. mmrecmix.PyramidNet has the same network
# (same widths, parameter-free shortcuts: 2x2 average pooling with ceil_mode when
# strided, zero channels appended), its unit's modules in ``residual``.
BOTTLENECK_NORMS = {'bn1': 'norm_in', 'bn2': 'norm1', 'bn3': 'norm2', 'bn4': 'norm_out'}
PYRAMIDNET_RULES = (
    (r'conv1\.(.+)', r'backbone.stem.conv.\1'),
    (r'bn1\.(.+)', r'backbone.stem.norm.\1'),
    (r'(layer\d\.\d+)\.(conv[123]\..+)', r'backbone.\1.residual.\2'),
    *((rf'(layer\d\.\d+)\.{bn}\.(.+)', rf'backbone.\1.residual.{norm}.\2')
      for bn, norm in BOTTLENECK_NORMS.items()),
    (r'bn_final\.(.+)', r'backbone.layer3.final_norm.\1'),
    (r'fc\.(.+)', r'head.fc.\1'),
)
PYRAMIDNET_KEYS = ('conv1.weight', 'layer1.0.bn4.weight', 'bn_final.weight', 'fc.weight')


def clovaai_weights(checkpoint: Mapping) -> Mapping:
    """The network's weights in a CutMix-PyTorch checkpoint, without ``module.``."""
    return without_data_parallel_prefix(state_dict_of(checkpoint))


def convert_clovaai_resnet(checkpoint: Mapping, target: Mapping[str, torch.Size]
                           ) -> 'OrderedDict[str, torch.Tensor]':
    """A CutMix-PyTorch ImageNet ResNet (``resnet.py``, torchvision's key names) as the
    state dict of the mmpretrain ``ImageClassifier`` whose shapes ``target`` gives
    (``backbone.`` ResNet, ``head.fc``).

    Raises:
        KeyError: One line, if the keys are not a torchvision-style ResNet's or do not
            fill ``target`` exactly.
    """
    state = clovaai_weights(checkpoint)
    require_keys(state, TORCHVISION_RESNET_KEYS, f'{SOURCE} ResNet', FIX)
    return convert_strictly(state, RESNET_RULES, target, f'{SOURCE} ResNet', FIX)


def convert_clovaai_pyramidnet(checkpoint: Mapping, target: Mapping[str, torch.Size]
                               ) -> 'OrderedDict[str, torch.Tensor]':
    """A CutMix-PyTorch CIFAR PyramidNet with bottleneck units (``pyramidnet.py``) as
    the state dict of an ``ImageClassifier`` with an ``mmrecmix.PyramidNet`` backbone
    and a ``LinearClsHead`` (``target``: its shapes). Basic-unit and ImageNet
    PyramidNets are refused: they do not fill such a model.

    Raises:
        KeyError: One line, if the keys are not a bottleneck PyramidNet's or do not
            fill ``target`` exactly.
    """
    state = clovaai_weights(checkpoint)
    require_keys(state, PYRAMIDNET_KEYS, f'{SOURCE} bottleneck PyramidNet', FIX)
    return convert_strictly(state, PYRAMIDNET_RULES, target,
                            f'{SOURCE} PyramidNet', FIX)


def convert_clovaai(checkpoint: Mapping, target: Mapping[str, torch.Size]
                    ) -> 'OrderedDict[str, torch.Tensor]':
    """A CutMix-PyTorch checkpoint of either network: a PyramidNet (it has
    ``bn_final``, :func:`convert_clovaai_pyramidnet`) or a ResNet
    (:func:`convert_clovaai_resnet`)."""
    pyramidnet = 'bn_final.weight' in clovaai_weights(checkpoint)
    convert = convert_clovaai_pyramidnet if pyramidnet else convert_clovaai_resnet
    return convert(checkpoint, target)
