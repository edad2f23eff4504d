"""Loss helpers shared by the mix classifiers and necks."""
from typing import List, Optional

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmpretrain.models.losses.utils import weight_reduce_loss
from mmpretrain.structures import (DataSample, batch_label_to_onehot,
                                   cat_batch_labels)

from mmrecmix.registry import MODELS


def soft_cross_entropy(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Cross-entropy against soft targets, batch mean, computed in float32."""
    return -(targets * F.log_softmax(logits.float(), dim=1)).sum(1).mean()


def sample_targets(data_samples: List[DataSample], num_classes: int,
                   device) -> torch.Tensor:
    """``(N, num_classes)`` float targets of a batch, as mmpretrain's heads read them:
    each sample's ``gt_score`` when the dataset or a batch augment gave soft labels,
    else its ``gt_label`` one-hot (several labels of a multi-label sample, several
    ones)."""
    if 'gt_score' in data_samples[0]:
        targets = torch.stack([sample.gt_score for sample in data_samples])
        if targets.size(1) != num_classes:
            raise ValueError(
                f'gt_score has {targets.size(1)} classes but the head predicts '
                f'{num_classes}; make head.num_classes match the dataset.')
        return targets.to(device).float()
    labels, splits = cat_batch_labels([sample.gt_label for sample in data_samples])
    return batch_label_to_onehot(labels, splits, num_classes).to(device).float()


def head_loss(head: nn.Module, logits: torch.Tensor,
              targets: torch.Tensor) -> torch.Tensor:
    """The head's own loss (its ``loss`` config: type, ``loss_weight``, label
    smoothing) of ``logits`` against soft ``targets`` ``(N, K)``, batch mean, in
    float32, exactly as the head's ``loss`` computes it for mixed labels."""
    return head.loss_module(logits.float(), targets, avg_factor=logits.size(0))


def zero_loss_touching(module: nn.Module, like: torch.Tensor) -> torch.Tensor:
    """A zero (dtype and device of ``like``) that still depends on every parameter
    of ``module``: for steps where a branch has nothing to learn, so that DDP sees
    all parameters used and needs no ``find_unused_parameters``."""
    zero = like.new_zeros(())
    for parameter in module.parameters():
        zero = zero + parameter.sum() * 0.0
    return zero


class TotalLossLog:
    """Mixin for classifiers whose ``loss`` returns the head's term under ``loss``
    next to other ``loss_*`` terms. mmengine's ``parse_losses`` optimises the sum of
    every ``*loss*`` entry and logs it as ``loss``, then lets the head's own ``loss``
    entry overwrite it in the log: the logged total would be the head's term alone.
    Here the head's term is logged as ``loss_cls`` (as mmdet names it) and ``loss``
    is the sum that is optimised; the dict ``loss`` returns keeps its keys."""

    def parse_losses(self, losses: dict):
        if 'loss' in losses and len(losses) > 1 and 'loss_cls' not in losses:
            losses = {('loss_cls' if key == 'loss' else key): value
                      for key, value in losses.items()}
        return super().parse_losses(losses)


@MODELS.register_module()
class SoftmaxBCELoss(nn.Module):
    r"""Binary cross-entropy on the softmax of the logits, the loss the Manifold
    Mixup authors train with (``vikasverma1077/manifold_mixup``, ``supervised/
    main.py``: ``nn.BCELoss()(softmax(output), reweighted_target)``), registered as
    ``mmrecmix.SoftmaxBCELoss`` for a head's ``loss``.

    With :math:`p = \mathrm{softmax}(z)` over :math:`K` classes and a soft target
    :math:`y` (one-hot for a hard label):

    .. math::
        \ell(z, y) = -\frac1K \sum_{k=1}^K \big[y_k \log p_k
        + (1 - y_k) \log(1 - p_k)\big]

    (``F.binary_cross_entropy``, each log clamped at -100) averaged over the batch
    (``avg_factor``, as mmpretrain's losses), so a batch's loss is the mean over its
    :math:`N K` entries. Its gradient is much smaller than soft-target
    cross-entropy's: :math:`1 / (K - 1)` of it wherever :math:`p` is uniform (0.11,
    0.010, 0.001 for 10, 100, 1000 classes). Computed in float32.

    Args:
        loss_weight (float): Factor of the loss. Defaults to 1.0.
    """

    def __init__(self, loss_weight: float = 1.0):
        super().__init__()
        self.loss_weight = loss_weight

    def forward(self, cls_score: torch.Tensor, label: torch.Tensor,
                weight: Optional[torch.Tensor] = None,
                avg_factor: Optional[float] = None,
                reduction_override: Optional[str] = None, **kwargs) -> torch.Tensor:
        """Loss of ``(N, K)`` logits against ``(N, K)`` soft targets or ``(N,)``
        class indices; ``reduction_override`` is ``'mean'`` (default), ``'sum'`` or
        ``'none'`` (per sample)."""
        logits = cls_score.float()
        if label.dim() == 1:
            label = F.one_hot(label, logits.size(1))
        # binary_cross_entropy refuses autocast; it runs on float32 here anyway.
        with torch.autocast(device_type=logits.device.type, enabled=False):
            per_entry = F.binary_cross_entropy(
                F.softmax(logits, dim=1), label.to(logits.dtype), reduction='none')
        loss = weight_reduce_loss(per_entry.mean(dim=1), weight,
                                  reduction_override or 'mean', avg_factor)
        return self.loss_weight * loss
