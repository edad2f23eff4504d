"""mmrecmix.SoftmaxBCELoss (the Manifold Mixup authors' loss): value and gradient by
hand, against nn.BCELoss on the softmax, and as a head's loss."""
import math

import pytest
import torch
import torch.nn.functional as F
from mmpretrain.structures import DataSample

from mmrecmix.models.utils import SoftmaxBCELoss, soft_cross_entropy
from mmrecmix.registry import MODELS


def test_value_by_hand():
    # Logits log(1, 2, 3): p = (1/6, 1/3, 1/2); target (0, 1/4, 3/4).
    logits = torch.log(torch.tensor([[1.0, 2.0, 3.0]]))
    target = torch.tensor([[0.0, 0.25, 0.75]])
    expected = -(math.log(5 / 6)
                 + 0.25 * math.log(1 / 3) + 0.75 * math.log(2 / 3)
                 + 0.75 * math.log(1 / 2) + 0.25 * math.log(1 / 2)) / 3
    assert SoftmaxBCELoss()(logits, target).item() == pytest.approx(expected, rel=1e-6)
    # Class indices are one-hot targets: class 2 alone, -(log 5/6 + log 2/3 + log 1/2) / 3.
    by_index = SoftmaxBCELoss(loss_weight=2.0)(logits, torch.tensor([2]))
    expected = -(math.log(5 / 6) + math.log(2 / 3) + math.log(1 / 2)) / 3
    assert by_index.item() == pytest.approx(2 * expected, rel=1e-6)


def test_equals_the_authors_bce_on_softmax_over_a_batch():
    generator = torch.Generator().manual_seed(0)
    logits = torch.randn(5, 7, generator=generator)
    target = torch.softmax(torch.randn(5, 7, generator=generator), dim=1)
    theirs = torch.nn.BCELoss()(torch.softmax(logits, dim=1), target)
    ours = SoftmaxBCELoss()(logits, target, avg_factor=5)
    assert ours.item() == pytest.approx(theirs.item(), rel=1e-6)
    per_sample = SoftmaxBCELoss()(logits, target, reduction_override='none')
    assert per_sample.shape == (5, ) and per_sample.mean().item() == pytest.approx(
        theirs.item(), rel=1e-6)


def test_gradient_is_one_ninth_of_soft_cross_entropy_s_for_10_classes():
    """At a uniform prediction dL/dz_j = (1/K - y_j) / (K (K - 1)) per sample for the
    BCE and (1/K - y_j) for cross-entropy: the ratio is 1 / (K - 1) = 1/9 for K = 10,
    whatever the target."""
    target = torch.zeros(2, 10)
    target[0, 3] = 1.0
    target[1, 1], target[1, 6] = 0.3, 0.7  # a mixed label
    grads = []
    for loss_fn in (lambda z: SoftmaxBCELoss()(z, target, avg_factor=2),
                    lambda z: soft_cross_entropy(z, target)):
        logits = torch.zeros(2, 10, requires_grad=True)
        loss_fn(logits).backward()
        grads.append(logits.grad)
    bce, ce = grads
    torch.testing.assert_close(ce, (0.1 - target) / 2)
    torch.testing.assert_close(bce, ce / 9)


def test_builds_as_a_head_loss_and_runs_under_autocast():
    head = MODELS.build(dict(type='LinearClsHead', num_classes=4, in_channels=3,
                             loss=dict(type='mmrecmix.SoftmaxBCELoss')))
    assert isinstance(head.loss_module, SoftmaxBCELoss)
    feats = (torch.randn(2, 3), )
    samples = [DataSample().set_gt_score(torch.tensor([0.5, 0.5, 0.0, 0.0])),
               DataSample().set_gt_score(torch.tensor([0.0, 0.0, 0.2, 0.8]))]
    loss = head.loss(feats, samples)['loss']
    logits = head(feats)
    target = torch.stack([s.gt_score for s in samples])
    expected = F.binary_cross_entropy(torch.softmax(logits, 1), target)
    assert loss.item() == pytest.approx(expected.item(), rel=1e-6)
    with torch.autocast('cpu', dtype=torch.bfloat16):
        mixed_precision = SoftmaxBCELoss()(logits.bfloat16(), target)
    assert mixed_precision.dtype == torch.float32
    assert mixed_precision.item() == pytest.approx(expected.item(), rel=1e-2)
