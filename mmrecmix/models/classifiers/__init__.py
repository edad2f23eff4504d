from .automix_classifier import AutoMixClassifier
from .feature_mix_classifier import FeatureMixClassifier
from .guided_mix_classifier import GuidedMixClassifier
from .recursive_mix_classifier import RecursiveMixClassifier

__all__ = [
    'AutoMixClassifier', 'FeatureMixClassifier', 'GuidedMixClassifier',
    'RecursiveMixClassifier'
]
