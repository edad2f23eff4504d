from .automix_block import AutoMixBlock, mix_by_mask

__all__ = ['AutoMixBlock', 'mix_by_mask']
