"""Backbones. PVTv2 comes from mmdet (full install tier), so its registry entry imports
it when it is built: importing mmrecmix never needs mmdet."""
from mmrecmix.registry import MODELS
from mmrecmix.utils.install_tier import full_tier_builder
from .dropblock import DropBlockResNet
from .pyramidnet import PyramidNet
from .resnext_cifar import ResNeXt_CIFAR
from .wide_resnet import WideResNet


def _pvtv2_cls():
    from .pvt import PyramidVisionTransformerV2Cls
    return PyramidVisionTransformerV2Cls


MODELS.register_module(
    'PyramidVisionTransformerV2Cls',
    module=full_tier_builder(
        'mmdet', 'The PVTv2 backbone (mmrecmix.PyramidVisionTransformerV2Cls)',
        _pvtv2_cls))

__all__ = ['PyramidNet', 'ResNeXt_CIFAR', 'WideResNet']
__all__ += ['DropBlockResNet']
