"""MoEx (Li et al. 2021): the moment exchange by hand, the labels, the probability,
and MomentExchangeClassifier's place and partners (with and without CutMix)."""
import numpy as np
import pytest
import torch
from mmpretrain.structures import DataSample

import mmrecmix  # noqa: F401
from mmrecmix.models.batch_augments import MomentExchange, exchange_moments
from mmrecmix.registry import MODELS


def two_maps():
    """Two samples, 2 channels, 2 x 2: with 2 channels the normalised value is
    +-1/sqrt(2) (unbiased std |a - b| / sqrt(2)), so sample 0 given sample 1's
    moments is mean_1 +- |a_1 - b_1| / 2, the sign its own channel order."""
    first = torch.tensor([[[1., 3.], [0., 5.]],
                          [[3., 1.], [2., 1.]]])
    second = torch.tensor([[[10., 0.], [6., 2.]],
                           [[4., 2.], [0., 8.]]])
    return torch.stack([first, second])


def test_exchange_by_hand():
    out = exchange_moments(two_maps(), torch.tensor([1, 0]), epsilon=1e-12)
    # Sample 1's means (7, 1, 3, 5), half differences (3, 1, 3, 3); sample 0's order:
    # channel 0 below, above, below, above.
    assert torch.allclose(out[0], torch.tensor([[[4., 2.], [0., 8.]],
                                                [[10., 0.], [6., 2.]]]), atol=1e-4)
    # Sample 0's means (2, 2, 1, 3), half differences (1, 1, 1, 2); sample 1's order:
    # channel 0 above, below, above, below.
    assert torch.allclose(out[1], torch.tensor([[[3., 1.], [2., 1.]],
                                                [[1., 3.], [0., 5.]]]), atol=1e-4)


def test_labels_and_probability():
    scores = torch.eye(2)
    moex = MomentExchange(lam=0.9)
    features = two_maps()
    out, mixed = moex(features, scores, torch.tensor([1, 0]))
    assert torch.allclose(mixed, torch.tensor([[0.9, 0.1], [0.1, 0.9]]))
    assert out is not features and moex.last_step['lam'] == 0.9
    out, mixed = MomentExchange(prob=0.0)(features, scores)
    assert out is features and torch.equal(mixed, scores)
    with pytest.raises(ValueError, match='lam'):
        MomentExchange(lam=1.5)


def classifier(batch_augments=None, **moex):
    preprocessor = dict(type='ClsDataPreprocessor', num_classes=4)
    if batch_augments:
        preprocessor['batch_augments'] = dict(augments=batch_augments)
    return MODELS.build(dict(
        type='mmrecmix.MomentExchangeClassifier',
        feature_mix=dict(type='mmrecmix.MomentExchange', **moex),
        backbone=dict(type='mmrecmix.PyramidNet', depth=11, alpha=12),
        neck=dict(type='GlobalAveragePooling'),
        head=dict(type='LinearClsHead', num_classes=4, in_channels=112),
        data_preprocessor=preprocessor)).train()


def batch(model):
    return model.data_preprocessor(dict(
        inputs=[torch.randint(0, 256, (3, 16, 16), dtype=torch.uint8) for _ in range(4)],
        data_samples=[DataSample().set_gt_label(k) for k in range(4)]), True)


def test_classifier_exchanges_before_the_first_stage():
    torch.manual_seed(0)
    model = classifier(lam=0.5)
    seen = []
    model.backbone.layer1[0].register_forward_pre_hook(lambda _, args: seen.append(args[0]))
    data = batch(model)
    stem = model.backbone.stem(data['inputs'])
    model(**data, mode='loss')
    index = model.feature_mix.last_step['index']
    assert torch.allclose(seen[0], exchange_moments(stem, index), atol=1e-5)
    scores = torch.stack([s.gt_score for s in data['data_samples']])
    assert torch.allclose(scores, 0.5 * torch.eye(4) + 0.5 * torch.eye(4)[index])


def test_cutmix_partners_are_reused():
    torch.manual_seed(0)
    np.random.seed(0)
    model = classifier(dict(type='mmrecmix.CutMix', alpha=1.0), lam=0.9)
    data = batch(model)
    cut_scores = torch.stack([s.gt_score for s in data['data_samples']])
    losses = model(**data, mode='loss')
    index = model.data_preprocessor.batch_augments.augments[0].last_step['index']
    assert torch.equal(model.feature_mix.last_step['index'], index)
    scores = torch.stack([s.gt_score for s in data['data_samples']])
    assert torch.allclose(scores, 0.9 * cut_scores + 0.1 * cut_scores[index])
    assert torch.isfinite(losses['loss'])
