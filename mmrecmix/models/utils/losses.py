"""Loss helpers shared by the mix classifiers and necks."""
import torch
import torch.nn as nn
import torch.nn.functional as F


def soft_cross_entropy(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Cross-entropy against soft targets, batch mean, computed in float32."""
    return -(targets * F.log_softmax(logits.float(), dim=1)).sum(1).mean()


def zero_loss_touching(module: nn.Module, like: torch.Tensor) -> torch.Tensor:
    """A zero (dtype and device of ``like``) that still depends on every parameter
    of ``module``: for steps where a branch has nothing to learn, so that DDP sees
    all parameters used and needs no ``find_unused_parameters``."""
    zero = like.new_zeros(())
    for parameter in module.parameters():
        zero = zero + parameter.sum() * 0.0
    return zero
