from .pvt import PyramidVisionTransformerV2Cls

__all__ = ['PyramidVisionTransformerV2Cls']
