"""PuzzleMix's guide: the saliency of each pixel as the size of the clean loss's
gradient with respect to it."""
import torch

from mmrecmix.registry import MODELS
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
    backward of the clean batch, the model in eval mode, and the input gradient of
    the head's own loss (its ``loss`` config: label smoothing, ``loss_weight``)
    against the batch's labels, reduced over channels by
    :func:`input_gradient_saliency`.

    The loss differentiated is the head's batch mean times the batch size, so each
    sample's gradient is that of its own loss, without a ``1 / N`` that could
    underflow in half precision. The gradient is taken with respect to the inputs
    only (``torch.autograd.grad``), so no gradient reaches the parameters and the
    step's losses are the mixed batch's alone, as in OpenMixup's runs (no clean
    loss). Eval mode as the references: batch-norm statistics are not updated by
    the clean pass and dropout is off.
    """

    def guidance(self, classifier, inputs: torch.Tensor,
                 targets: torch.Tensor) -> Guidance:
        leaf = inputs.detach().requires_grad_(True)
        with torch.enable_grad(), eval_mode(classifier):
            logits = head_logits(classifier, classifier.backbone(leaf))
            loss = head_loss(classifier.head, logits, targets) * inputs.size(0)
            gradient, = torch.autograd.grad(loss, leaf)
        return Guidance(score=input_gradient_saliency(gradient),
                        clean_logits=logits.detach())
