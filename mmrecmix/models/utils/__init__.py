from .classify import head_logits
from .losses import (SoftmaxBCELoss, TotalLossLog, head_loss, sample_targets,
                     soft_cross_entropy, zero_loss_touching)
from .tokens import tokens_to_map

__all__ = [
    'SoftmaxBCELoss', 'TotalLossLog', 'head_logits', 'head_loss', 'sample_targets',
    'soft_cross_entropy', 'tokens_to_map', 'zero_loss_touching'
]
