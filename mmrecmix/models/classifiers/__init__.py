from .recursive_mix_classifier import RecursiveMixClassifier

__all__ = ['RecursiveMixClassifier']
