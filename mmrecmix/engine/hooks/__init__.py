from .mix_visualization_hook import MixVisualizationHook
from .verify_pretrained_hook import (VerifyPretrainedHook, load_mismatches,
                                     pretrained_modules)

__all__ = [
    'MixVisualizationHook', 'VerifyPretrainedHook', 'load_mismatches',
    'pretrained_modules'
]
