"""mmrecmix.CalibrationError: ECE / MCE (Guo et al. 2017) and the reliability diagram
(AutoMix Fig. 8), by hand, against torchmetrics, and through tools/test.py."""
import json

import pytest
import torch
from conftest import DEMO_CONFIG, FULL_TIER, NUM_CLASSES, tool_module

from mmrecmix.evaluation.metrics.calibration import (DIAGRAM_SIZE, CalibrationError,
                                                      calibration_bins,
                                                      calibration_errors,
                                                      plot_reliability_diagram)
from mmrecmix.registry import METRICS

# Eight predictions over 4 bins [0, .25) [.25, .5) [.5, .75) [.75, 1]; the
# confidences are binary fractions (exact in float32), three of them on inner edges
# (0.25, 0.5, 0.75: each goes to the bin above) and one at 1 (the last bin).
HAND_CONFIDENCES = [0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1.0]
HAND_CORRECT = [1, 0, 1, 1, 0, 1, 1, 0]
# bin 0: {0.125 right}             n=1  acc 1    conf 0.125   gap 0.875
# bin 1: {0.25 wrong, 0.375 right} n=2  acc 1/2  conf 0.3125  gap 0.1875
# bin 2: {0.5 right, 0.625 wrong}  n=2  acc 1/2  conf 0.5625  gap 0.0625
# bin 3: {0.75 r, 0.875 r, 1.0 w}  n=3  acc 2/3  conf 0.875   gap 0.875 - 2/3 = 5/24
# ECE = (1 * 0.875 + 2 * 0.1875 + 2 * 0.0625 + 3 * 5/24) / 8
#     = (0.875 + 0.375 + 0.125 + 0.625) / 8 = 2 / 8 = 25 %
# MCE = max(0.875, 0.1875, 0.0625, 0.2083) = 87.5 %
HAND_COUNT = [1, 2, 2, 3]
HAND_ACCURACY = [1.0, 0.5, 0.5, 2 / 3]
HAND_CONFIDENCE = [0.125, 0.3125, 0.5625, 0.875]
HAND_ECE, HAND_MCE = 25.0, 87.5


def sample(confidence: float, predicted: int, target: int,
           num_classes: int = NUM_CLASSES) -> dict:
    """A DataSample dict as a classifier's test step gives it to the evaluator: the
    predicted class gets ``confidence``, the others share the rest equally."""
    score = torch.full((num_classes, ), (1 - confidence) / (num_classes - 1))
    score[predicted] = confidence
    return dict(pred_score=score, pred_label=torch.tensor([predicted]),
                gt_label=torch.tensor([target]))


def hand_samples() -> list:
    return [sample(c, predicted=3, target=3 if right else 5)
            for c, right in zip(HAND_CONFIDENCES, HAND_CORRECT)]


def score_samples(scores: torch.Tensor, targets: torch.Tensor) -> list:
    return [dict(pred_score=s, gt_label=t.reshape(1)) for s, t in zip(scores, targets)]


def evaluate(metric, samples, batch_size=3) -> dict:
    for start in range(0, len(samples), batch_size):
        metric.process(None, samples[start:start + batch_size])
    return metric.evaluate(len(samples))


def test_hand_computed_bins_ece_and_mce():
    bins = calibration_bins(torch.tensor(HAND_CONFIDENCES),
                            torch.tensor(HAND_CORRECT, dtype=torch.bool), num_bins=4)
    assert bins.count.tolist() == HAND_COUNT
    assert bins.accuracy.tolist() == pytest.approx(HAND_ACCURACY)
    assert bins.confidence.tolist() == pytest.approx(HAND_CONFIDENCE)
    ece, mce = calibration_errors(bins)
    assert ece == pytest.approx(HAND_ECE, abs=1e-9)
    assert mce == pytest.approx(HAND_MCE, abs=1e-9)


def test_the_metric_reproduces_the_hand_case_and_keeps_its_bins():
    metric = METRICS.build(dict(type='mmrecmix.CalibrationError', num_bins=4))
    metrics = evaluate(metric, hand_samples())
    assert set(metrics) == {'calibration/ece', 'calibration/mce'}
    assert all(isinstance(value, float) for value in metrics.values())
    assert metrics['calibration/ece'] == pytest.approx(HAND_ECE)
    assert metrics['calibration/mce'] == pytest.approx(HAND_MCE)
    assert metric.bins.count.tolist() == HAND_COUNT
    assert metric.results == []  # evaluate() empties them for the next round


def test_samples_on_the_model_device_are_kept_on_the_cpu(device):
    samples = [{key: value.to(device) for key, value in item.items()}
               for item in hand_samples()]
    metric = CalibrationError(num_bins=4)
    metric.process(None, samples)
    assert all(isinstance(v, (int, float)) for r in metric.results for v in r.values())
    assert metric.compute_metrics(metric.results) == pytest.approx(
        dict(ece=HAND_ECE, mce=HAND_MCE))


def test_empty_bins_are_nan_and_left_out_of_both_errors():
    # Two predictions, both in bin 2 of 5 ([0.4, 0.6)): one right, one wrong.
    bins = calibration_bins(torch.tensor([0.5, 0.5]), torch.tensor([1, 0]), num_bins=5)
    assert bins.count.tolist() == [0, 0, 2, 0, 0]
    assert torch.isnan(bins.accuracy[[0, 1, 3, 4]]).all()
    assert calibration_errors(bins) == pytest.approx((0.0, 0.0))
    # One bin: ECE = |accuracy - mean confidence| = |0.5 - 0.75| = 25 %.
    one = calibration_bins(torch.tensor([0.5, 1.0]), torch.tensor([1, 0]), num_bins=1)
    assert calibration_errors(one) == pytest.approx((25.0, 25.0))


def edge_rows(num_bins: int, num_classes: int, generator) -> torch.Tensor:
    """Score rows whose maximum is exactly an inner edge of the bins (and 0): the
    edges as torch.linspace makes them in float32, and the float32 of k / num_bins
    (not the same number for some k, e.g. 3 / 15)."""
    edges = torch.linspace(0, 1, num_bins + 1)[:-1]
    exact = torch.arange(num_bins, dtype=torch.float64).div(num_bins).float()
    tops = torch.cat([edges, exact])
    rows = torch.rand(len(tops), num_classes, generator=generator) * tops[:, None] * 0.9
    rows[torch.arange(len(tops)), torch.randint(num_classes, (len(tops), ),
                                                generator=generator)] = tops
    return rows


@FULL_TIER
@pytest.mark.parametrize('num_bins', [1, 2, 3, 7, 10, 15, 20])
def test_equals_torchmetrics_multiclass_calibration_error(num_bins):
    from torchmetrics.functional.classification import multiclass_calibration_error
    generator = torch.Generator().manual_seed(num_bins)
    num_classes = 7
    logits = torch.randn(600, num_classes, generator=generator) * 2.5
    scores = torch.cat([logits.softmax(1),
                        edge_rows(num_bins, num_classes, generator)])
    # torchmetrics counts a confidence of exactly 1 in an extra bin (its issue #3510);
    # we keep it in the last bin (the hand case covers it), so none here.
    assert (scores.max(1).values < 1).all()
    predicted = scores.argmax(1)
    targets = torch.where(torch.rand(len(scores), generator=generator) < 0.6, predicted,
                          torch.randint(num_classes, (len(scores), ), generator=generator))
    metric = CalibrationError(num_bins=num_bins)
    metrics = evaluate(metric, score_samples(scores, targets), batch_size=64)
    for norm, key in (('l1', 'calibration/ece'), ('max', 'calibration/mce')):
        expected = multiclass_calibration_error(scores, targets, num_classes,
                                                n_bins=num_bins, norm=norm)
        assert metrics[key] == pytest.approx(expected.item() * 100, abs=1e-4), norm


def test_halves_of_two_ranks_give_what_one_rank_gives():
    """mmengine's gather concatenates the ranks' result lists (interleaved, for
    cpu collection): any split and order of the samples gives the same errors."""
    generator = torch.Generator().manual_seed(0)
    scores = torch.rand(200, NUM_CLASSES, generator=generator).softmax(1) ** 0.3
    scores = scores / scores.sum(1, keepdim=True)
    targets = torch.randint(NUM_CLASSES, (200, ), generator=generator)
    samples = score_samples(scores, targets)
    whole, rank0, rank1 = (CalibrationError(num_bins=10) for _ in range(3))
    for start in range(0, 200, 25):
        whole.process(None, samples[start:start + 25])
        (rank0 if start // 25 % 2 == 0 else rank1).process(None, samples[start:start + 25])
    expected = whole.compute_metrics(whole.results)
    concatenated = whole.compute_metrics(rank0.results + rank1.results)
    interleaved = whole.compute_metrics(
        [r for pair in zip(rank0.results, rank1.results) for r in pair])
    assert concatenated == pytest.approx(expected, abs=1e-9)
    assert interleaved == pytest.approx(expected, abs=1e-9)
    assert all(set(r) == {'confidence', 'pred_label', 'gt_label'} and
               all(isinstance(v, (int, float)) for v in r.values())
               for r in whole.results)


def png_size(path) -> tuple:
    from PIL import Image
    with Image.open(path) as image:
        assert image.format == 'PNG'
        return image.size


def test_plot_reliability_diagram_writes_a_png_of_the_stated_size(tmp_path):
    bins = calibration_bins(torch.tensor(HAND_CONFIDENCES), torch.tensor(HAND_CORRECT),
                            num_bins=4)
    out = tmp_path / 'new' / 'folder' / 'diagram.png'
    assert plot_reliability_diagram(bins, str(out), title='hand case') == str(out)
    assert png_size(out) == DIAGRAM_SIZE


def test_the_metric_writes_the_diagram_and_its_numbers(tmp_path):
    out = tmp_path / 'reliability.png'
    metric = CalibrationError(num_bins=4, out_file=str(out), title='hand')
    evaluate(metric, hand_samples())
    assert png_size(out) == DIAGRAM_SIZE
    summary = json.loads((tmp_path / 'reliability.json').read_text())
    assert summary['ece'] == pytest.approx(HAND_ECE)
    assert summary['count'] == HAND_COUNT and summary['num_samples'] == 8
    # An empty bin is written as null, not NaN (which is no JSON).
    metric = CalibrationError(num_bins=8, out_file=str(out))
    evaluate(metric, hand_samples())
    assert None in json.loads((tmp_path / 'reliability.json').read_text())['accuracy']


def test_tools_test_logs_ece_next_to_accuracy_and_draws_the_diagram(
        tmp_path, intact_checkpoint):
    """The metric as a user adds it: a config inheriting the digits demo with the
    metric next to Accuracy in test_evaluator, run by tools/test.py."""
    diagram = tmp_path / 'calibration' / 'digits.png'
    config = tmp_path / 'digits_calibration.py'
    config.write_text(
        f'_base_ = [{DEMO_CONFIG!r}]\n'
        'test_dataloader = dict(dataset=dict(indices=64))\n'
        "test_evaluator = [dict(type='Accuracy', topk=(1, )),\n"
        "                  dict(type='mmrecmix.CalibrationError', num_bins=15,\n"
        f'                       out_file={str(diagram)!r})]\n')
    main = tool_module('tools/test.py').main
    metrics = main([str(config), intact_checkpoint, '--work-dir', str(tmp_path / 'work')])
    assert 0 <= metrics['calibration/ece'] <= 100
    assert metrics['calibration/ece'] <= metrics['calibration/mce'] <= 100
    assert 0 <= metrics['accuracy/top1'] <= 100
    assert png_size(diagram) == DIAGRAM_SIZE
    summary = json.loads(diagram.with_suffix('.json').read_text())
    assert summary['num_samples'] == 64 and sum(summary['count']) == 64


@pytest.mark.parametrize('num_bins', [0, -3, 2.5, True, '15', None])
def test_num_bins_must_be_a_positive_integer(num_bins):
    with pytest.raises(ValueError, match='num_bins'):
        CalibrationError(num_bins=num_bins)
    with pytest.raises(ValueError, match='num_bins'):
        calibration_bins(torch.tensor([0.5]), torch.tensor([1]), num_bins=num_bins)


def test_out_file_must_be_a_png():
    with pytest.raises(ValueError, match='out_file must be a path ending in .png'):
        CalibrationError(out_file='diagram.jpg')


@pytest.mark.parametrize('drop', ['pred_score', 'gt_label'])
def test_a_sample_without_scores_or_labels_names_what_is_missing(drop):
    item = sample(0.5, 1, 1)
    del item[drop]
    with pytest.raises(ValueError, match=f'a data sample has no {drop}'):
        CalibrationError().process(None, [item])


@pytest.mark.parametrize('bad,message', [
    (float('nan'), 'NaN or infinite'), (float('inf'), 'NaN or infinite'),
    (3.0, r'probabilities in \[0, 1\]'), (-0.5, r'probabilities in \[0, 1\]')])
def test_non_finite_or_non_probability_scores_are_refused(bad, message):
    item = sample(0.5, 1, 1)
    item['pred_score'][4] = bad
    with pytest.raises(ValueError, match=message):
        CalibrationError().process(None, [item])


def test_bins_of_non_finite_confidences_are_refused():
    with pytest.raises(ValueError, match='1 of 2 confidences are NaN or infinite'):
        calibration_bins(torch.tensor([0.5, float('nan')]), torch.tensor([1, 0]))
    with pytest.raises(ValueError, match=r'must lie in \[0, 1\]'):
        calibration_bins(torch.tensor([0.5, 1.5]), torch.tensor([1, 0]))


def test_no_samples_is_an_error_not_a_zero():
    with pytest.raises(ValueError, match='no samples'):
        CalibrationError().compute_metrics([])
    with pytest.raises(ValueError, match='no samples'):
        calibration_bins(torch.tensor([]), torch.tensor([]))


def test_a_multi_label_ground_truth_is_refused():
    item = sample(0.5, 1, 1)
    item['gt_label'] = torch.tensor([1, 2])
    with pytest.raises(ValueError, match='single-label'):
        CalibrationError().process(None, [item])
