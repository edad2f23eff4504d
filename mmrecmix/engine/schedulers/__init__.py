from .group_cosine_lr import GroupCosineAnnealingLR, GroupLinearLR

__all__ = ['GroupCosineAnnealingLR', 'GroupLinearLR']
