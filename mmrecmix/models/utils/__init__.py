from .classify import head_logits
from .losses import (head_loss, sample_targets, soft_cross_entropy,
                     zero_loss_touching)

__all__ = [
    'head_logits', 'head_loss', 'sample_targets', 'soft_cross_entropy',
    'zero_loss_touching'
]
