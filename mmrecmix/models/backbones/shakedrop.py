r"""ShakeDrop (Yamada et al., "ShakeDrop Regularization for Deep Residual Learning",
2018): the CutMix paper's PyramidNet regulariser of Table 5 ("ShakeDrop", "CutMix +
ShakeDrop"), as the authors' code (imenurok/ShakeDrop, ``ShakeDrop.lua``) applies it
to the residual branch :math:`F(x)` of each PyramidNet unit.

timm has no ShakeDrop, hence this module.
"""
import torch
import torch.nn as nn

from mmrecmix.utils.validation import check_range


class ShakeDropFunction(torch.autograd.Function):
    r"""``alpha * x`` forward, ``beta * grad`` backward, with ``beta ~ U(0, 1)``
    drawn element-wise when the gradient arrives (so nothing but the shape is kept
    for the backward pass, as the authors' ``updateGradInput`` does)."""

    @staticmethod
    def forward(ctx, x: torch.Tensor, alpha: torch.Tensor) -> torch.Tensor:
        return x * alpha

    @staticmethod
    def backward(ctx, grad: torch.Tensor):
        return grad * torch.rand_like(grad), None


class ShakeDrop(nn.Module):
    r"""ShakeDrop on a residual branch :math:`F(x)` (the paper's Sec. 3):

    .. math::
        \text{forward: } (b + \alpha - b\alpha) F(x), \qquad
        \text{backward: } (b + \beta - b\beta) \frac{\partial L}{\partial y},
        \qquad \text{evaluation: } \mathbb{E}[b + \alpha - b\alpha] F(x)
        = (1 - p) F(x)

    with :math:`b \sim \mathrm{Bernoulli}(1 - p)`, :math:`\alpha \sim U(-1, 1)`,
    :math:`\beta \sim U(0, 1)`. When :math:`b = 1` the branch passes unchanged both
    ways; when :math:`b = 0` it is scaled by :math:`\alpha` forward and its gradient
    by :math:`\beta`. As in the authors' code, :math:`b` is drawn once per
    mini-batch and :math:`\alpha`, :math:`\beta` per element ("pixel level"; the
    often-used owruby/shake-drop_pytorch draws them per image instead).

    The drop probability ``p`` of unit :math:`l` of :math:`L` follows the paper's
    linear rule, :math:`p_l = l / L \cdot 0.5` (:math:`p_L = 0.5`), set by
    :class:`mmrecmix.PyramidNet`'s ``shake_drop_rate``.

    Args:
        drop_prob (float): ``p``, in [0, 1].
    """

    def __init__(self, drop_prob: float):
        super().__init__()
        check_range('ShakeDrop', 'drop_prob', drop_prob, 0, 1)
        self.drop_prob = drop_prob

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training:
            return x * (1 - self.drop_prob)
        if torch.rand(()) >= self.drop_prob:  # b = 1
            return x
        alpha = torch.empty_like(x).uniform_(-1, 1)
        return ShakeDropFunction.apply(x, alpha)

    def extra_repr(self) -> str:
        return f'drop_prob={self.drop_prob:.4f}'
