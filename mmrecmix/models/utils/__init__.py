from .classify import head_logits
from .losses import (TotalLossLog, head_loss, sample_targets, soft_cross_entropy,
                     zero_loss_touching)

__all__ = [
    'TotalLossLog', 'head_logits', 'head_loss', 'sample_targets',
    'soft_cross_entropy', 'zero_loss_touching'
]
