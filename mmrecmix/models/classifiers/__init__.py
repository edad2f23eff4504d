from .automix_classifier import AutoMixClassifier
from .guided_mix_classifier import GuidedMixClassifier
from .recursive_mix_classifier import RecursiveMixClassifier

__all__ = ['AutoMixClassifier', 'GuidedMixClassifier', 'RecursiveMixClassifier']
