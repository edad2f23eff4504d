from .attention_guides import (AttentionGuide, BaseGuide, FeatureEnergyGuide,
                               PVTAttentionGuide, SwinAttentionGuide,
                               ViTAttentionGuide, image_attention_score)

__all__ = [
    'AttentionGuide', 'BaseGuide', 'FeatureEnergyGuide', 'PVTAttentionGuide',
    'SwinAttentionGuide', 'ViTAttentionGuide', 'image_attention_score'
]
