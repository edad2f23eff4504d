from .augmix_classifier import AugMixClassifier, MultiViewClsDataPreprocessor
from .automix_classifier import AutoMixClassifier
from .feature_mix_classifier import FeatureMixClassifier
from .guided_mix_classifier import GuidedMixClassifier
from .moment_exchange_classifier import MomentExchangeClassifier
from .recursive_mix_classifier import RecursiveMixClassifier

__all__ = [
    'AugMixClassifier', 'AutoMixClassifier', 'FeatureMixClassifier', 'GuidedMixClassifier',
    'RecursiveMixClassifier', 'MomentExchangeClassifier',
    'MultiViewClsDataPreprocessor'
]
