from .roi_consistency import RoIConsistencyNeck

__all__ = ['RoIConsistencyNeck']
