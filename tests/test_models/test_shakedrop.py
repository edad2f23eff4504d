"""ShakeDrop (Yamada et al. 2018) on PyramidNet: the expectation in evaluation, the
forward and backward scaling by hand, and the linear rule of the units' rates."""
import pytest
import torch

import mmrecmix  # noqa: F401
from mmrecmix.models.backbones import PyramidNet
from mmrecmix.models.backbones.shakedrop import ShakeDrop


def test_evaluation_scales_by_the_expectation():
    x = torch.randn(2, 3, 4, 4)
    # E[b + alpha - b alpha] = (1 - p) + p E[alpha] = 1 - p, alpha ~ U(-1, 1).
    assert torch.allclose(ShakeDrop(0.3).eval()(x), 0.7 * x)


def test_a_kept_branch_passes_both_ways():
    x = torch.randn(2, 3, 4, 4, requires_grad=True)
    out = ShakeDrop(0.0).train()(x)  # b = 1 always
    assert torch.equal(out, x)
    out.backward(torch.full_like(x, 2.0))
    assert torch.equal(x.grad, torch.full_like(x, 2.0))


def test_a_dropped_branch_is_alpha_forward_and_beta_backward():
    """With p = 1 (b = 0): y = alpha x, dL/dx = beta dL/dy, alpha ~ U(-1, 1) and
    beta ~ U(0, 1) per element, redrawn here from the same seed."""
    x = torch.randn(2, 3, 4, 4, requires_grad=True)
    grad_out = torch.randn(2, 3, 4, 4)
    torch.manual_seed(7)
    out = ShakeDrop(1.0).train()(x)
    out.backward(grad_out)
    torch.manual_seed(7)
    torch.rand(())  # the gate
    alpha = torch.empty(2, 3, 4, 4).uniform_(-1, 1)
    beta = torch.rand(2, 3, 4, 4)
    assert torch.allclose(out, alpha * x)
    assert torch.allclose(x.grad, beta * grad_out)
    assert alpha.min() < 0 and beta.min() >= 0


def test_pyramidnet_rates_follow_the_linear_rule():
    net = PyramidNet(depth=20, alpha=12, shake_drop_rate=0.5)  # 6 units
    rates = [unit.drop_path.drop_prob for name in net.res_layers
             for unit in getattr(net, name) if hasattr(unit, 'drop_path')]
    assert rates == pytest.approx([0.5 * l / 6 for l in range(1, 7)])
    with pytest.raises(ValueError, match='set one of them'):
        PyramidNet(depth=20, alpha=12, shake_drop_rate=0.5, drop_path_rate=0.1)
    with pytest.raises(ValueError, match='shake_drop_rate'):
        PyramidNet(depth=20, alpha=12, shake_drop_rate=1.5)
