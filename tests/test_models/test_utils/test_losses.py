"""The loss helpers the mix classifiers share, by hand: soft cross-entropy, the
batch's targets (soft scores or one-hot labels), the head's own loss, the zero that
reaches every parameter, and the logged total."""
import math

import pytest
import torch
from mmengine.model import BaseModel
from mmpretrain.structures import DataSample

from mmrecmix.models.utils import (TotalLossLog, head_loss, sample_targets,
                                   soft_cross_entropy, zero_loss_touching)
from mmrecmix.registry import MODELS


def test_soft_cross_entropy_by_hand():
    # Logits (0, ln 3): softmax (1/4, 3/4); target (1/2, 1/2):
    # -(ln(1/4) + ln(3/4)) / 2. Second row: logits (0, 0), target (1, 0): ln 2.
    logits = torch.tensor([[0.0, math.log(3)], [0.0, 0.0]], dtype=torch.float16)
    targets = torch.tensor([[0.5, 0.5], [1.0, 0.0]])
    expected = (-(math.log(0.25) + math.log(0.75)) / 2 + math.log(2)) / 2
    loss = soft_cross_entropy(logits, targets)
    assert loss.dtype == torch.float32
    assert loss.item() == pytest.approx(expected, abs=1e-3)


def test_targets_are_soft_scores_when_given_else_one_hot_labels():
    labelled = [DataSample().set_gt_label(2), DataSample().set_gt_label([0, 3])]
    assert sample_targets(labelled, 4, 'cpu').tolist() == [[0, 0, 1, 0], [1, 0, 0, 1]]
    scored = [DataSample().set_gt_score(torch.tensor([0.25, 0.75, 0.0])),
              DataSample().set_gt_score(torch.tensor([0.0, 0.0, 1.0]))]
    assert sample_targets(scored, 3, 'cpu').tolist() == [[0.25, 0.75, 0.0], [0, 0, 1]]
    with pytest.raises(ValueError, match='make head.num_classes match the dataset'):
        sample_targets(scored, 5, 'cpu')


def test_head_loss_is_the_configured_loss_with_its_weight():
    head = MODELS.build(dict(type='LinearClsHead', num_classes=2, in_channels=4,
                             loss=dict(type='CrossEntropyLoss', loss_weight=0.5,
                                       use_soft=True)))
    logits = torch.tensor([[0.0, math.log(3)]])
    targets = torch.tensor([[0.0, 1.0]])
    assert head_loss(head, logits, targets).item() == pytest.approx(-0.5 * math.log(0.75))


def test_zero_loss_reaches_every_parameter():
    module = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.Linear(2, 1))
    zero = zero_loss_touching(module, torch.ones((), dtype=torch.float64))
    assert zero.item() == 0 and zero.dtype == torch.float64
    zero.backward()
    assert all(p.grad is not None and not p.grad.any() for p in module.parameters())


class _TwoTermModel(TotalLossLog, BaseModel):

    def forward(self, *args, **kwargs):
        raise NotImplementedError


def test_logged_total_is_the_optimised_sum():
    losses = dict(loss=torch.tensor(1.0), loss_extra=torch.tensor(0.5))
    total, log = _TwoTermModel().parse_losses(losses)
    assert total.item() == 1.5 and log['loss'].item() == 1.5
    assert log['loss_cls'].item() == 1.0 and log['loss_extra'].item() == 0.5
