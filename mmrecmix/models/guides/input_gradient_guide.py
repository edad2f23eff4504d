"""PuzzleMix's and Co-Mixup's guide: the saliency of each pixel as the size of the
clean loss's gradient with respect to it."""
from contextlib import nullcontext

import torch

from mmrecmix.registry import MODELS
from mmrecmix.utils.validation import check_range
from ..utils import head_logits, head_loss
from .base import BaseGuide, Guidance, eval_mode


def input_gradient_saliency(gradient: torch.Tensor) -> torch.Tensor:
    r"""``(N, H, W)`` saliency :math:`s_{ij} = \sqrt{\frac{1}{C} \sum_c
    (\partial \ell / \partial x_{cij})^2}` of an ``(N, C, H, W)`` input gradient
    (the channels' root mean square, as PuzzleMix's and OpenMixup's code take it)."""
    return gradient.float().pow(2).mean(1).sqrt()


@MODELS.register_module()
class InputGradientGuide(BaseGuide):
    r"""PuzzleMix's saliency (Kim et al., ICML 2020, Sec. 3): one extra forward and
    backward of the clean batch, and the input gradient of the head's own loss (its
    ``loss`` config: label smoothing, ``loss_weight``) against the batch's labels,
    reduced over channels by :func:`input_gradient_saliency`.

    The loss differentiated is the head's batch mean times the batch size, so each
    sample's gradient is that of its own loss, without a ``1 / N`` that could
    underflow in half precision (the mixes normalise the saliency per sample, so
    its scale does not matter).

    With ``clean_loss_weight = 0`` (PuzzleMix as OpenMixup runs it) the clean pass
    runs in eval mode (batch-norm statistics not updated, dropout off), the gradient
    is taken with respect to the inputs only (``torch.autograd.grad``) and the
    step's losses are the mixed batch's alone. With ``clean_loss_weight = w > 0``
    (Co-Mixup's ``--clean_lam`` regularisation, the authors' ``main.py``) the clean
    pass runs in train mode and the step also trains on it: the guide adds
    ``loss_clean`` :math:`= w\,\ell_{clean}` (the head's mean loss) to the losses,
    whose backward reaches the parameters through the same forward that gave the
    saliency.

    Args:
        clean_loss_weight (float): Weight :math:`w \ge 0` of the clean batch's loss
            in the step's losses. Default 0 (no clean loss).
    """

    def __init__(self, clean_loss_weight: float = 0.0):
        super().__init__()
        check_range('InputGradientGuide', 'clean_loss_weight', clean_loss_weight, 0)
        self.clean_loss_weight = clean_loss_weight

    def guidance(self, classifier, inputs: torch.Tensor,
                 targets: torch.Tensor) -> Guidance:
        trains_on_clean = self.clean_loss_weight > 0
        leaf = inputs.detach()
        # The clean loss's graph keeps the batch for its backward, after the mix has
        # written into ``inputs`` (the in-place rule of the batch augments).
        leaf = (leaf.clone() if trains_on_clean else leaf).requires_grad_(True)
        mode = nullcontext() if trains_on_clean else eval_mode(classifier)
        with torch.enable_grad(), mode:
            logits = head_logits(classifier, classifier.backbone(leaf))
            loss = head_loss(classifier.head, logits, targets)
            gradient, = torch.autograd.grad(loss * inputs.size(0), leaf,
                                            retain_graph=trains_on_clean)
        losses = dict(loss_clean=self.clean_loss_weight * loss) if trains_on_clean else {}
        return Guidance(score=input_gradient_saliency(gradient),
                        clean_logits=logits.detach(), losses=losses)
