"""Backbones. PVTv2 and PVT v1 come from mmdet and CaiT from timm (full install tier),
so their registry entries import them when they are built: importing mmrecmix never
needs mmdet or timm."""
from mmrecmix.registry import MODELS
from mmrecmix.utils.install_tier import full_tier_builder
from .cifar_resnet import CIFARResNet
from .densenet_cifar import DenseNet_CIFAR
from .dropblock import DropBlock, DropBlockResNet, drop_block
from .pyramidnet import PyramidNet
from .resnext_cifar import ResNeXt_CIFAR
from .shakedrop import ShakeDrop
from .vgg_gap import VGG_GAP
from .wide_resnet import WideResNet


def _pvtv2_cls():
    from .pvt import PyramidVisionTransformerV2Cls
    return PyramidVisionTransformerV2Cls


MODELS.register_module(
    'PyramidVisionTransformerV2Cls',
    module=full_tier_builder(
        'mmdet', 'The PVTv2 backbone (mmrecmix.PyramidVisionTransformerV2Cls)',
        _pvtv2_cls))


def _pvt_v1_cls():
    from .pvt_v1 import PyramidVisionTransformerCls
    return PyramidVisionTransformerCls


MODELS.register_module(
    'PyramidVisionTransformerCls',
    module=full_tier_builder(
        'mmdet', 'The PVT v1 backbone (mmrecmix.PyramidVisionTransformerCls)',
        _pvt_v1_cls))


def _cait():
    from .cait import CaiT
    return CaiT


MODELS.register_module(
    'CaiT', module=full_tier_builder('timm', 'The CaiT backbone (mmrecmix.CaiT)', _cait))

__all__ = ['CIFARResNet', 'DenseNet_CIFAR', 'PyramidNet', 'ResNeXt_CIFAR', 'VGG_GAP',
           'WideResNet']
__all__ += ['DropBlockResNet']
__all__ += ['DropBlock', 'drop_block', 'ShakeDrop']
