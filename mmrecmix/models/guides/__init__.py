from .attention_guides import (AttentionGuide, FeatureEnergyGuide,
                               PVTAttentionGuide, SwinAttentionGuide,
                               ViTAttentionGuide, image_attention_score)
from .base import BaseGuide, BaseRelabel, Guidance, eval_mode
from .class_attention_relabel import (ClassAttentionRelabel,
                                      pasted_attention_share, pasted_token_mask)
from .frozen_network_guide import FrozenNetworkGuide
from .input_gradient_guide import InputGradientGuide, input_gradient_saliency

__all__ = [
    'AttentionGuide', 'BaseGuide', 'BaseRelabel', 'ClassAttentionRelabel',
    'FeatureEnergyGuide', 'FrozenNetworkGuide', 'Guidance', 'InputGradientGuide',
    'PVTAttentionGuide', 'SwinAttentionGuide', 'ViTAttentionGuide', 'eval_mode',
    'image_attention_score', 'input_gradient_saliency', 'pasted_attention_share',
    'pasted_token_mask'
]
