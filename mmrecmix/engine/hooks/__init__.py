from .automix_momentum_hook import AutoMixMomentumHook, cosine_momentum
from .mix_visualization_hook import MixVisualizationHook
from .verify_pretrained_hook import (VerifyPretrainedHook, load_mismatches,
                                     pretrained_modules)

__all__ = [
    'AutoMixMomentumHook', 'cosine_momentum', 'MixVisualizationHook',
    'VerifyPretrainedHook', 'load_mismatches', 'pretrained_modules'
]
