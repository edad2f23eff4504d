from .classify import head_logits
from .losses import (SoftmaxBCELoss, TotalLossLog, head_loss, sample_targets,
                     soft_cross_entropy, zero_loss_touching)

__all__ = [
    'SoftmaxBCELoss', 'TotalLossLog', 'head_logits', 'head_loss', 'sample_targets',
    'soft_cross_entropy', 'zero_loss_touching'
]
