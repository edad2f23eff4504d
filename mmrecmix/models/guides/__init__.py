from .attention_guides import (AttentionGuide, FeatureEnergyGuide,
                               PVTAttentionGuide, SwinAttentionGuide,
                               ViTAttentionGuide, image_attention_score)
from .base import BaseGuide, BaseRelabel, Guidance, eval_mode

__all__ = [
    'AttentionGuide', 'BaseGuide', 'BaseRelabel', 'FeatureEnergyGuide',
    'Guidance', 'PVTAttentionGuide', 'SwinAttentionGuide', 'ViTAttentionGuide',
    'eval_mode', 'image_attention_score'
]
