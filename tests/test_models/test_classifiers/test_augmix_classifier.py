"""mmrecmix.AugMixClassifier and mmrecmix.MultiViewClsDataPreprocessor: AugMix's
Jensen-Shannon consistency loss on a hand-computed case and against timm's
JsdCrossEntropy, the views stacked view by view, and training through train_step."""
import math

import numpy as np
import pytest
import torch
from conftest import FULL_TIER
from mmengine.dataset import default_collate, pseudo_collate
from mmengine.optim import OptimWrapper
from mmpretrain.structures import DataSample

import mmrecmix  # noqa: F401
from mmrecmix.models.classifiers.augmix_classifier import (
    AugMixClassifier, MultiViewClsDataPreprocessor, jensen_shannon_consistency)
from mmrecmix.registry import MODELS

NUM_CLASSES = 5
HEIGHT, WIDTH = 12, 20  # non-square on purpose
MEAN, STD = [100.0, 120.0, 140.0], [50.0, 60.0, 70.0]

# Two samples x three classes, three views given as log-probabilities (softmax gives
# them back). Sample 0: three views, each favouring another class, mean uniform.
# Sample 1: three identical views.
P0 = [[0.5, 0.25, 0.25], [0.25, 0.5, 0.25], [0.25, 0.25, 0.5]]
P1 = [0.2, 0.3, 0.5]
VIEWS = [torch.tensor([P0[v], P1]).log() for v in range(3)]
LABELS = torch.tensor([0, 2])
# KL(p0_v || uniform) = 0.5 ln 1.5 + 0.5 ln 0.75 = 0.5 ln 1.125 for every view, 0 for
# sample 1; JS = mean over views of the batch mean = (0.5 ln 1.125 + 0) / 2.
JSD_BY_HAND = 0.25 * math.log(1.125)
# The clean view gives the labelled classes 0.5 in both samples: CE = ln 2.
CE_BY_HAND = math.log(2)


def test_jensen_shannon_by_hand():
    assert jensen_shannon_consistency(VIEWS).item() == pytest.approx(JSD_BY_HAND, rel=1e-6)
    # Identical views agree: no divergence, whatever the prediction.
    assert jensen_shannon_consistency([VIEWS[1]] * 3).item() == pytest.approx(0, abs=1e-7)
    # Logits up to a per-row constant are the same prediction.
    shifted = [view + 3.0 for view in VIEWS]
    assert jensen_shannon_consistency(shifted).item() == pytest.approx(JSD_BY_HAND, rel=1e-5)


@FULL_TIER
def test_clean_ce_plus_12_jsd_is_timms_jsd_cross_entropy():
    from timm.loss import JsdCrossEntropy
    logits = torch.cat(VIEWS)
    timm_loss = JsdCrossEntropy(num_splits=3, alpha=12, smoothing=0.0)(logits, LABELS)
    assert timm_loss.item() == pytest.approx(CE_BY_HAND + 12 * JSD_BY_HAND, rel=1e-6)
    ours = torch.nn.functional.cross_entropy(VIEWS[0], LABELS) + \
        12 * jensen_shannon_consistency(VIEWS)
    assert ours.item() == pytest.approx(timm_loss.item(), rel=1e-6)
    random_logits = torch.randn(3 * 4, 7, generator=torch.Generator().manual_seed(0))
    labels = torch.tensor([1, 6, 0, 3])
    timm_random = JsdCrossEntropy(num_splits=3, alpha=12, smoothing=0.0)(
        random_logits, labels)
    ours_random = torch.nn.functional.cross_entropy(random_logits[:4], labels) + \
        12 * jensen_shannon_consistency(random_logits.split(4))
    assert ours_random.item() == pytest.approx(timm_random.item(), rel=1e-6)


# ------------------------------------------------------------- the preprocessor
def views_of(count: int, seed: int = 0):
    """``count`` samples of three uint8 (3, H, W) views each, and their labels."""
    generator = torch.Generator().manual_seed(seed)
    samples = []
    for k in range(count):
        views = [torch.randint(0, 256, (3, HEIGHT, WIDTH), dtype=torch.uint8,
                               generator=generator) for _ in range(3)]
        samples.append(dict(inputs=views, data_samples=DataSample().set_gt_label(k)))
    return samples


def preprocessor(**kwargs):
    return MODELS.build(dict(type='mmrecmix.MultiViewClsDataPreprocessor',
                             num_classes=NUM_CLASSES, mean=MEAN, std=STD, **kwargs))


@pytest.mark.parametrize('collate', [pseudo_collate, default_collate])
def test_views_are_normalised_and_stacked_view_by_view(collate):
    samples = views_of(2)
    data = preprocessor()(collate(samples), True)
    inputs = data['inputs']
    assert inputs.shape == (6, 3, HEIGHT, WIDTH) and inputs.dtype == torch.float32
    mean, std = torch.tensor(MEAN).view(3, 1, 1), torch.tensor(STD).view(3, 1, 1)
    for view in range(3):
        for k, sample in enumerate(samples):
            expected = (sample['inputs'][view].float() - mean) / std
            torch.testing.assert_close(inputs[view * 2 + k], expected)
    assert [s.gt_label.tolist() for s in data['data_samples']] == [[0], [1]]


def test_single_view_batches_are_the_parents():
    samples = [dict(inputs=s['inputs'][0], data_samples=s['data_samples'])
               for s in views_of(3)]
    ours = preprocessor(to_onehot=True)(pseudo_collate(samples), False)
    parent = MODELS.build(dict(type='ClsDataPreprocessor', num_classes=NUM_CLASSES,
                               mean=MEAN, std=STD, to_onehot=True))(
        pseudo_collate(samples), False)
    torch.testing.assert_close(ours['inputs'], parent['inputs'])
    assert ours['inputs'].shape == (3, 3, HEIGHT, WIDTH)
    torch.testing.assert_close(ours['data_samples'][2].gt_score.float(),
                               torch.eye(NUM_CLASSES)[2])


def test_batch_augments_refuse_multi_view_batches():
    mixing = preprocessor(batch_augments=dict(augments=dict(type='Mixup', alpha=1.0)))
    with pytest.raises(ValueError, match='batch augments cannot mix multi-view'):
        mixing(pseudo_collate(views_of(2)), True)
    single = [dict(inputs=s['inputs'][0], data_samples=s['data_samples'])
              for s in views_of(2)]
    assert mixing(pseudo_collate(single), True)['inputs'].shape[0] == 2


# ------------------------------------------------------------- the classifier
def classifier(**kwargs) -> AugMixClassifier:
    torch.manual_seed(0)
    return MODELS.build(dict(
        type='mmrecmix.AugMixClassifier',
        backbone=dict(type='ResNet_CIFAR', depth=18, stem_channels=8, base_channels=8),
        neck=dict(type='GlobalAveragePooling'),
        head=dict(type='LinearClsHead', num_classes=NUM_CLASSES, in_channels=64),
        data_preprocessor=dict(num_classes=NUM_CLASSES, mean=MEAN, std=STD), **kwargs))


def test_default_preprocessor_is_the_multi_view_one():
    assert type(classifier().data_preprocessor) is MultiViewClsDataPreprocessor
    model = MODELS.build(dict(
        type='mmrecmix.AugMixClassifier', backbone=dict(type='ResNet_CIFAR', depth=18),
        neck=dict(type='GlobalAveragePooling'),
        head=dict(type='LinearClsHead', num_classes=NUM_CLASSES, in_channels=512),
        data_preprocessor=dict(type='ClsDataPreprocessor')))
    assert type(model.data_preprocessor).__name__ == 'ClsDataPreprocessor'
    with pytest.raises(ValueError, match='jsd_weight must be >= 0'):
        classifier(jsd_weight=-1.0)


@FULL_TIER
def test_loss_is_timms_jsd_cross_entropy_on_the_models_logits():
    """The model's loss terms sum to timm's JsdCrossEntropy (lambda 12, no smoothing)
    of the logits the same 3N-image batch gives in ``tensor`` mode."""
    from timm.loss import JsdCrossEntropy
    model = classifier().train()
    data = model.data_preprocessor(pseudo_collate(views_of(4)), True)
    losses = model(**data, mode='loss')
    assert set(losses) == {'loss', 'loss_jsd'}
    assert losses['loss_jsd'].item() > 0
    logits = model(data['inputs'], mode='tensor')  # train mode: same batch statistics
    labels = torch.tensor([s.gt_label.item() for s in data['data_samples']])
    reference = JsdCrossEntropy(num_splits=3, alpha=12, smoothing=0.0)(logits, labels)
    total = losses['loss'] + losses['loss_jsd']
    assert total.item() == pytest.approx(reference.item(), rel=1e-5)
    ce = torch.nn.functional.cross_entropy(logits[:4], labels)
    assert losses['loss'].item() == pytest.approx(ce.item(), rel=1e-5)


def test_jsd_weight_and_single_view_batches():
    model = classifier(jsd_weight=3.0).train()
    data = model.data_preprocessor(pseudo_collate(views_of(2)), True)
    weighted = model(**data, mode='loss')['loss_jsd']
    logits = model(data['inputs'], mode='tensor').split(2)
    assert weighted.item() == pytest.approx(
        3.0 * jensen_shannon_consistency(logits).item(), rel=1e-5)
    single = [dict(inputs=s['inputs'][0], data_samples=s['data_samples'])
              for s in views_of(2)]
    losses = model(**model.data_preprocessor(pseudo_collate(single), True), mode='loss')
    assert set(losses) == {'loss'}  # cross-entropy alone
    with pytest.raises(ValueError, match='V x N images for N data samples'):
        model(data['inputs'][:5], data['data_samples'], mode='loss')


def test_train_step_logs_both_terms_and_evaluation_takes_single_images():
    model = classifier().train()
    optim_wrapper = OptimWrapper(torch.optim.SGD(model.parameters(), lr=0.1))
    head = model.head.fc.weight.detach().clone()
    np.random.seed(0)
    for step in range(2):
        log_vars = model.train_step(pseudo_collate(views_of(4, seed=step)), optim_wrapper)
    logged = {key: float(value.detach()) for key, value in log_vars.items()}
    assert {'loss', 'loss_cls', 'loss_jsd'} <= set(logged)
    assert logged['loss'] == pytest.approx(logged['loss_cls'] + logged['loss_jsd'],
                                           rel=1e-5)
    assert not torch.equal(model.head.fc.weight, head)
    model.eval()
    clean = [dict(inputs=s['inputs'][0], data_samples=s['data_samples'])
             for s in views_of(4, seed=7)]
    predictions = model.val_step(pseudo_collate(clean))
    assert len(predictions) == 4
    assert all(p.pred_score.shape == (NUM_CLASSES, ) for p in predictions)
