"""CorruptionAccuracy (AutoMix Table 6's CIFAR-100-C column; ImageNet-C's mCE): accuracy
per corruption and severity, per corruption and their mean, by hand; the shipped AlexNet
errors against their published per-corruption values; the mCE by hand; through
mmengine's Evaluator; and through mmengine's Runner on a generated CIFAR-C tree."""
import os

import numpy as np
import pytest
import torch
from mmengine.evaluator import Evaluator
from mmpretrain.structures import DataSample

from mmrecmix.datasets.corruption import CIFARCorrupted  # noqa: F401 (registers it)
from mmrecmix.evaluation.metrics.corruption import (ALEXNET_ERRORS, CORRUPTIONS_EXTRA,
                                                    CORRUPTIONS_MAIN, SEVERITIES,
                                                    CorruptionAccuracy,
                                                    alexnet_corruption_errors)
from mmrecmix.registry import METRICS

# AlexNet's per-corruption errors (mean over the 5 severities) as google-research/augmix
# (imagenet.py, ALEXNET_ERR) and mmcls 1.x (corruption_error.py) ship them, and as the
# ICLR 2019 paper's appendix prints them (to 0.1 %).
PUBLISHED_MEANS = dict(zip(CORRUPTIONS_MAIN, (
    0.886428, 0.894468, 0.922640, 0.819880, 0.826268, 0.785948, 0.798360,
    0.866816, 0.826572, 0.819324, 0.564592, 0.853204, 0.646056, 0.717840, 0.606500)))
PAPER_MEANS = dict(zip(CORRUPTIONS_MAIN, (
    88.6, 89.4, 92.3, 82.0, 82.6, 78.6, 79.8, 86.7, 82.7, 81.9, 56.5, 85.3, 64.6, 71.8,
    60.7)))


def sample(corruption, severity, correct, label=2, use_score=False):
    """A data sample as mmpretrain's classifier returns it, predicting ``label`` when
    ``correct`` and ``label + 1`` otherwise."""
    data_sample = DataSample().set_gt_label(label)
    pred = label if correct else label + 1
    if use_score:
        data_sample.set_pred_score(torch.eye(10)[pred] * 0.5 + 0.05)
    else:
        data_sample.set_pred_label(pred)
    data_sample.set_metainfo(dict(corruption=corruption, severity=severity))
    return data_sample


def evaluate(samples, **kwargs):
    evaluator = Evaluator(CorruptionAccuracy(**kwargs))
    evaluator.process(samples)
    return evaluator.evaluate(len(samples))


def test_hand_computed_accuracies():
    # fog: severity 1 has 3 of 4 right (75 %), severity 2 1 of 2 (50 %): the mean over
    # severities is 62.5 (pooling the 6 samples would give 66.7). snow: 0 % and 100 %
    # -> 50. Mean over the corruptions: (62.5 + 50) / 2 = 56.25.
    flags = {('fog', 1): [1, 1, 1, 0], ('fog', 2): [0, 1], ('snow', 1): [0, 0],
             ('snow', 3): [1, 1]}
    samples = [sample(c, s, f, use_score=i % 2 == 0) for (c, s), fs in flags.items()
               for i, f in enumerate(fs)]
    assert evaluate(samples) == pytest.approx({
        'corruption/accuracy/fog/1': 75.0, 'corruption/accuracy/fog/2': 50.0,
        'corruption/accuracy/fog': 62.5,
        'corruption/accuracy/snow/1': 0.0, 'corruption/accuracy/snow/3': 100.0,
        'corruption/accuracy/snow': 50.0, 'corruption/accuracy/mean': 56.25})


def test_prefix_and_registry():
    metric = METRICS.build(dict(type='mmrecmix.CorruptionAccuracy', prefix='cifar100c'))
    evaluator = Evaluator(metric)
    evaluator.process([sample('fog', 5, True)])
    assert evaluator.evaluate(1) == {'cifar100c/accuracy/fog/5': 100.0,
                                     'cifar100c/accuracy/fog': 100.0,
                                     'cifar100c/accuracy/mean': 100.0}


def test_alexnet_table_matches_the_published_errors():
    assert list(ALEXNET_ERRORS) == list(CORRUPTIONS_MAIN)
    for corruption, errors in ALEXNET_ERRORS.items():
        assert len(errors) == len(SEVERITIES)
        # Each error is a whole number of the 50,000 validation images.
        counts = np.asarray(errors) * 500
        np.testing.assert_allclose(counts, np.round(counts), atol=1e-6)
        assert np.mean(errors) == pytest.approx(100 * PUBLISHED_MEANS[corruption],
                                                abs=1e-9)
        # The paper rounds to 0.1 (JPEG's 60.650 printed as 60.7).
        assert abs(np.mean(errors) - PAPER_MEANS[corruption]) <= 0.05 + 1e-9


def test_mce_by_hand():
    alexnet = {c: list(errors) for c, errors in ALEXNET_ERRORS.items()}
    ce, mce = alexnet_corruption_errors(alexnet)  # AlexNet itself scores 100
    assert ce == pytest.approx({c: 100.0 for c in CORRUPTIONS_MAIN}) and mce == 100.0
    _, mce = alexnet_corruption_errors({c: [e / 2 for e in v] for c, v in alexnet.items()})
    assert mce == pytest.approx(50.0)
    # Gaussian noise errors 10, 20, 30, 40, 50 (sum 150) against AlexNet's 69.528 +
    # 82.542 + 93.554 + 98.138 + 99.452 = 443.214: CE = 100 * 150 / 443.214 = 33.8437;
    # the other 14 at AlexNet's errors (CE 100): mCE = (33.8437 + 14 * 100) / 15.
    made_up = dict(alexnet, gaussian_noise=[10, 20, 30, 40, 50], speckle_noise=[1] * 5)
    ce, mce = alexnet_corruption_errors(made_up)
    assert ce['gaussian_noise'] == pytest.approx(33.84369627, abs=1e-6)
    assert mce == pytest.approx((33.84369627 + 1400) / 15, abs=1e-6)
    assert 'speckle_noise' not in ce
    with pytest.raises(ValueError, match=r"missing \['fog'\]"):
        alexnet_corruption_errors({c: v for c, v in alexnet.items() if c != 'fog'})
    with pytest.raises(ValueError, match="'fog' needs 5 finite errors"):
        alexnet_corruption_errors(dict(alexnet, fog=[1, 2, 3]))


def test_mce_through_the_evaluator():
    # Every main corruption at every severity: 1 of 2 right (error 50 %), so
    # CE_c = 100 * 250 / sum_s E^AlexNet_{c,s}; an extra corruption gets an accuracy
    # but no CE.
    samples = [sample(c, s, f) for c in CORRUPTIONS_MAIN + CORRUPTIONS_EXTRA[:1]
               for s in SEVERITIES for f in (True, False)]
    metrics = evaluate(samples, normalize='alexnet')
    assert metrics['corruption/ce/gaussian_noise'] == pytest.approx(25000 / 443.214)
    expected = {c: 25000 / sum(ALEXNET_ERRORS[c]) for c in CORRUPTIONS_MAIN}
    for corruption, value in expected.items():
        assert metrics[f'corruption/ce/{corruption}'] == pytest.approx(value)
    assert metrics['corruption/mce'] == pytest.approx(np.mean(list(expected.values())))
    assert 'corruption/ce/speckle_noise' not in metrics
    assert metrics['corruption/accuracy/speckle_noise'] == 50.0
    assert metrics['corruption/accuracy/mean'] == 50.0


def test_mce_needs_every_main_corruption_at_every_severity():
    samples = [sample(c, s, True) for c in CORRUPTIONS_MAIN for s in (1, 2, 3, 4)]
    with pytest.raises(ValueError, match=r"normalize='alexnet'.*no sample of 15 of "
                                         r"those 75.*'gaussian_noise/5'"):
        evaluate(samples, normalize='alexnet')


@pytest.mark.parametrize('data_sample, match', [
    (DataSample().set_gt_label(1).set_pred_label(1), 'Test on .*mmrecmix.CIFARCorrupted'),
    (sample('fog', 6, True), 'severity must be an int in 1-5'),
    (sample('fog', '1', True), 'severity must be an int in 1-5'),
    (sample('fog', True, True), 'severity must be an int in 1-5'),
    (sample('mean', 1, True), "other than 'mean'"),
    (DataSample(metainfo=dict(corruption='fog', severity=1)).set_gt_label(1), 'pred_label'),
])
def test_bad_samples_are_refused(data_sample, match):
    with pytest.raises(ValueError, match=match):
        evaluate([data_sample])


def test_bad_arguments_name_the_fix():
    with pytest.raises(ValueError, match="normalize must be None .* or 'alexnet'"):
        CorruptionAccuracy(normalize='imagenet')
    with pytest.raises(ValueError, match='no samples to evaluate'):
        CorruptionAccuracy().compute_metrics([])


def test_runner_test_on_a_generated_cifar_c_tree(tmp_path):
    """mmengine's Runner tests a tiny CIFAR ResNet (its head set to always predict
    class 3) on a CIFAR-10-C folder of 2 corruptions with 4 images per severity; at
    severity s, s - 1 of the 4 labels are 3, so the accuracy there is 25 (s - 1) %."""
    from mmengine.runner import Runner
    block = 4
    root = str(tmp_path / 'CIFAR-10-C')
    os.makedirs(root)
    labels = np.array([3 if i < s else 7 for s in range(5) for i in range(block)],
                      np.uint8)
    np.save(os.path.join(root, 'labels.npy'), labels)
    rng = np.random.default_rng(0)
    for name in ('fog', 'snow'):
        np.save(os.path.join(root, f'{name}.npy'),
                rng.integers(0, 256, (5 * block, 32, 32, 3), dtype=np.uint8))
    runner = Runner(
        model=dict(
            type='ImageClassifier',
            backbone=dict(type='ResNet_CIFAR', depth=18, stem_channels=8, base_channels=8),
            neck=dict(type='GlobalAveragePooling'),
            head=dict(type='LinearClsHead', num_classes=10, in_channels=64),
            data_preprocessor=dict(type='ClsDataPreprocessor', num_classes=10,
                                   mean=[125.3, 123.0, 113.9], std=[63.0, 62.1, 66.7])),
        work_dir=str(tmp_path / 'work'),
        test_dataloader=dict(
            batch_size=8, num_workers=0,
            dataset=dict(type='mmrecmix.CIFARCorrupted', data_root=root, block_size=block,
                         corruptions=['fog', 'snow'], pipeline=[dict(type='PackInputs')]),
            sampler=dict(type='DefaultSampler', shuffle=False)),
        test_cfg=dict(),
        test_evaluator=dict(type='mmrecmix.CorruptionAccuracy'),
        default_scope='mmrecmix', log_level='WARNING')
    fc = runner.model.head.fc
    with torch.no_grad():
        fc.weight.zero_()
        fc.bias.copy_(torch.eye(10)[3])
    metrics = runner.test()
    expected = {'corruption/accuracy/mean': 50.0}
    for name in ('fog', 'snow'):
        expected[f'corruption/accuracy/{name}'] = 50.0
        for s in SEVERITIES:
            expected[f'corruption/accuracy/{name}/{s}'] = 25.0 * (s - 1)
    assert metrics == pytest.approx(expected)
