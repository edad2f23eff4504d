"""OODDetection (CutMix Table 12): TNR at TPR 95 %, AUROC and detection accuracy of
the maximum softmax probability, per OOD set and averaged, against hand-worked
numbers, scikit-learn and a plain sweep over every threshold; and through mmengine's
Runner on the digits demo with generated noise as the OOD sets."""
import numpy as np
import pytest
import torch
from sklearn.metrics import roc_auc_score

from conftest import DEMO_CONFIG, tool_module
from mmrecmix.evaluation.metrics.ood import (OOD_MEASURES, OODDetection,
                                             ood_detection_scores)
from mmrecmix.registry import METRICS

# The hand case: 5 in-distribution and 5 OOD scores, with two ties across the sets
# (0.7 and 0.4 are in both). A sample is accepted as in-distribution when its score
# is >= the threshold.
HAND_IN = [0.9, 0.8, 0.7, 0.6, 0.4]
HAND_OUT = [0.7, 0.5, 0.4, 0.3, 0.2]
# TNR at TPR 95 %: with 5 in-distribution samples the TPR takes the values 0, 20, ...,
# 100 %, so TPR >= 95 % means all five accepted; the highest such threshold is the
# lowest in-distribution score, 0.4. At 0.4 the OOD scores 0.7, 0.5 and 0.4 (the tie)
# are accepted and 0.3, 0.2 rejected: TNR = 2 / 5 = 40 %. (The reference code's mixed
# rule at this threshold, an OOD sample accepted only when its score is > the
# threshold, would reject the tied 0.4 and give 60 %.)
HAND_TNR95 = 40.0
# AUROC = P(in > out) + 1/2 P(in = out) over the 25 pairs. For each in-distribution
# score, the OOD scores below it plus half of those equal to it:
#   0.9 -> 5, 0.8 -> 5, 0.7 -> 4 + 0.5 (tie 0.7), 0.6 -> 4, 0.4 -> 2 + 0.5 (tie 0.4)
# = 21 of 25 = 84 %.
HAND_AUROC = 84.0
# Detection accuracy = max over thresholds of (TPR + TNR) / 2:
#   threshold  TPR  TNR  mean
#   above 0.9  0/5  5/5  0.5
#   0.9        1/5  5/5  0.6
#   0.8        2/5  5/5  0.7
#   0.7        3/5  4/5  0.7   (the OOD 0.7 is accepted with the in-distribution 0.7)
#   0.6        4/5  4/5  0.8   <- best
#   0.5        4/5  3/5  0.7
#   0.4        5/5  2/5  0.7
#   0.3        5/5  1/5  0.6
#   0.2        5/5  0/5  0.5
HAND_DETECTION = 80.0


def brute_force(in_scores, out_scores):
    """TNR at TPR 95 % and detection accuracy (percent) from every distinct score as
    a threshold, and one above them all."""
    in_scores, out_scores = np.asarray(in_scores), np.asarray(out_scores)
    thresholds = sorted(set(in_scores) | set(out_scores)) + [np.inf]
    best_threshold, tnr95, detection = -np.inf, None, 0.0
    for threshold in thresholds:
        tpr = np.mean(in_scores >= threshold)
        tnr = np.mean(out_scores < threshold)
        detection = max(detection, 0.5 * tpr + 0.5 * tnr)
        if tpr >= 0.95 and threshold > best_threshold:
            best_threshold, tnr95 = threshold, tnr
    return 100 * tnr95, 100 * detection


def reference_grid(in_scores, out_scores, start, end, steps, band):
    """The published scripts' procedure (ODIN's calMetric.py, Lee et al.'s
    calculate_log.py), vectorised: thresholds on a grid of ``steps`` from ``start``
    (included) to ``end`` (excluded); in-distribution accepted when >= the threshold,
    OOD when >; TNR at TPR 95 % the mean over the grid points with TPR in ``band``;
    AUROC a sum of rectangles; detection accuracy the best grid point. Percent."""
    grid = np.arange(start, end, (end - start) / steps)
    tpr = 1 - np.searchsorted(np.sort(in_scores), grid, side='left') / len(in_scores)
    fpr = 1 - np.searchsorted(np.sort(out_scores), grid, side='right') / len(out_scores)
    in_band = (tpr >= band[0]) & (tpr <= band[1])
    auroc = np.sum((np.r_[1.0, fpr[:-1]] - fpr) * tpr)
    return (100 * (1 - fpr[in_band].mean()), 100 * auroc,
            100 * np.max(0.5 * tpr + 0.5 * (1 - fpr)))


def samples(scores, ood_set=None, num_classes=4):
    """Data samples as mmengine's Evaluator hands them to a metric (dicts), each with
    a ``pred_score`` whose largest probability is the given score."""
    out = []
    for score in scores:
        rest = (1.0 - score) / (num_classes - 1)
        pred = torch.full((num_classes, ), rest, dtype=torch.float64)
        pred[1] = score
        sample = dict(pred_score=pred)
        if ood_set is not None:
            sample['ood_set'] = ood_set
        out.append(sample)
    return out


def evaluate(metric, *batches):
    for batch in batches:
        metric.process(None, batch)
    return metric.evaluate(sum(len(b) for b in batches))


def test_hand_computed_scores_with_ties():
    assert ood_detection_scores(HAND_IN, HAND_OUT) == pytest.approx(dict(
        tnr_at_tpr95=HAND_TNR95, auroc=HAND_AUROC, detection_acc=HAND_DETECTION))
    assert brute_force(HAND_IN, HAND_OUT) == pytest.approx((HAND_TNR95, HAND_DETECTION))
    assert roc_auc_score([1] * 5 + [0] * 5, HAND_IN + HAND_OUT) == pytest.approx(0.84)


def test_identical_scores_detect_nothing():
    # One threshold accepts all or none: TNR 0 at TPR 100 %, AUROC and detection 50 %.
    # (The reference code's mixed rule, at a threshold of exactly 0.5, would accept all
    # in-distribution and reject all OOD samples: 100 % detection.)
    result = ood_detection_scores([0.5] * 4, [0.5] * 6)
    assert result == pytest.approx(dict(tnr_at_tpr95=0.0, auroc=50.0, detection_acc=50.0))


def test_perfect_and_reversed_separation():
    assert ood_detection_scores([0.9, 0.8], [0.1, 0.2, 0.3]) == pytest.approx(
        dict(tnr_at_tpr95=100.0, auroc=100.0, detection_acc=100.0))
    reversed_ = ood_detection_scores([0.1, 0.2], [0.8, 0.9, 0.95])
    assert reversed_['tnr_at_tpr95'] == 0.0 and reversed_['auroc'] == 0.0
    assert reversed_['detection_acc'] == 50.0  # accepting all or none


def test_tpr_of_exactly_95_percent_is_reached():
    # 20 in-distribution samples: 19 accepted is exactly 95 %, so the threshold is the
    # 19th highest score (0.02 here), not the 20th; it rejects the OOD scores below it.
    in_scores = np.arange(1, 21) / 100.0           # 0.01 ... 0.20
    out_scores = np.array([0.005, 0.015, 0.025])   # 0.005 and 0.015 are below 0.02
    result = ood_detection_scores(in_scores, out_scores)
    assert result['tnr_at_tpr95'] == pytest.approx(100 * 2 / 3)
    assert brute_force(in_scores, out_scores)[0] == pytest.approx(100 * 2 / 3)


@pytest.mark.parametrize('seed', range(8))
def test_matches_sklearn_and_a_sweep_over_every_threshold(seed):
    rng = np.random.default_rng(seed)
    num_in, num_out = rng.integers(1, 300, size=2)
    in_scores = rng.beta(5, 1, num_in)
    out_scores = rng.beta(2, 2, num_out)
    if seed % 2:  # coarse scores: many ties within and across the sets
        in_scores, out_scores = in_scores.round(1), out_scores.round(1)
    result = ood_detection_scores(in_scores, out_scores)
    labels = np.r_[np.ones(num_in), np.zeros(num_out)]
    assert result['auroc'] == pytest.approx(
        100 * roc_auc_score(labels, np.r_[in_scores, out_scores]), abs=1e-9)
    tnr95, detection = brute_force(in_scores, out_scores)
    assert result['tnr_at_tpr95'] == pytest.approx(tnr95, abs=1e-9)
    assert result['detection_acc'] == pytest.approx(detection, abs=1e-9)


@pytest.mark.parametrize('seed', range(3))
def test_close_to_the_reference_grid_on_distinct_scores(seed):
    # Continuous scores, 2,000 per set: the grid sweeps land within a fraction of a
    # point of the exact values; the TNR differs most, by the averaging over a band of
    # TPR levels (3 levels in ODIN's band, about 40 in Lee et al.'s).
    rng = np.random.default_rng(seed)
    in_scores, out_scores = rng.beta(8, 1, 2000), rng.beta(3, 2, 2000)
    exact = ood_detection_scores(in_scores, out_scores)
    low, high = min(in_scores.min(), out_scores.min()), max(in_scores.max(), out_scores.max())
    for grid, tnr_tolerance in (
            (reference_grid(in_scores, out_scores, 0.01, 1, 100000, (0.9495, 0.9505)), 0.5),
            (reference_grid(in_scores, out_scores, low, high, 200000, (0.94, 0.96)), 1.5)):
        tnr95, auroc, detection = grid
        assert exact['tnr_at_tpr95'] == pytest.approx(tnr95, abs=tnr_tolerance)
        assert exact['auroc'] == pytest.approx(auroc, abs=0.01)
        assert exact['detection_acc'] == pytest.approx(detection, abs=0.01)


def test_metric_reports_each_set_and_the_mean():
    metric = METRICS.build(dict(type='mmrecmix.OODDetection'))
    assert isinstance(metric, OODDetection)
    # Samples of the sets interleaved across batches, as a concatenated test set with
    # several ranks may deliver them.
    batches = [samples(HAND_IN[:3]) + samples([0.1, 0.2], 'Far'),
               samples(HAND_OUT, 'Near') + samples(HAND_IN[3:]),
               samples([0.1, 0.2, 0.3], 'Far')]
    metrics = evaluate(metric, *batches)
    # 'Far' (scores 0.1-0.3) lies below every in-distribution score: all 100 %.
    expected = {'tnr_at_tpr95/Near': HAND_TNR95, 'auroc/Near': HAND_AUROC,
                'detection_acc/Near': HAND_DETECTION,
                'tnr_at_tpr95/Far': 100.0, 'auroc/Far': 100.0, 'detection_acc/Far': 100.0,
                'tnr_at_tpr95/mean': (HAND_TNR95 + 100) / 2,
                'auroc/mean': (HAND_AUROC + 100) / 2,
                'detection_acc/mean': (HAND_DETECTION + 100) / 2}
    assert metrics == pytest.approx(expected)
    assert set(metrics) == {f'{m}/{s}' for m in OOD_MEASURES for s in ('Near', 'Far', 'mean')}
    assert all(isinstance(v, float) for v in metrics.values())


def test_the_score_is_the_largest_class_probability():
    metric = OODDetection()
    # Same largest probability in different classes and with different runners-up.
    first = dict(pred_score=torch.tensor([0.7, 0.2, 0.1]))
    second = dict(pred_score=torch.tensor([0.3, 0.0, 0.7]))
    ood = dict(pred_score=torch.tensor([0.4, 0.35, 0.25]), ood_set='Noise')
    metrics = evaluate(metric, [first, second, ood])
    assert metrics['auroc/Noise'] == 100.0 and metrics['tnr_at_tpr95/Noise'] == 100.0


def test_prefix():
    metrics = evaluate(OODDetection(prefix='ood'), samples(HAND_IN),
                       samples(HAND_OUT, 'Near'))
    assert metrics['ood/auroc/Near'] == pytest.approx(HAND_AUROC)
    assert 'ood/auroc/mean' in metrics


def test_no_ood_samples_names_the_fix():
    with pytest.raises(ValueError, match=r"none of the 5 .* out-of-distribution.*"
                                         r"mmrecmix\.OODTestSet"):
        evaluate(OODDetection(), samples(HAND_IN))


def test_no_in_distribution_samples_names_the_fix():
    with pytest.raises(ValueError, match=r"none of the 5 .* in-distribution.*in_dist"):
        evaluate(OODDetection(), samples(HAND_OUT, 'Near'))


@pytest.mark.parametrize('score', ['energy', 'MSP', 'odin', None])
def test_only_msp_is_a_score(score):
    with pytest.raises(ValueError, match=r"score must be one of \['msp'\]"):
        OODDetection(score=score)


def test_a_sample_without_pred_score_is_refused():
    with pytest.raises(ValueError, match='pred_score'):
        OODDetection().process(None, [dict(pred_label=torch.tensor([1]))])


def test_an_ood_set_named_mean_is_refused():
    with pytest.raises(ValueError, match="named 'mean'"):
        evaluate(OODDetection(), samples(HAND_IN), samples(HAND_OUT, 'mean'))


def test_a_non_string_set_name_is_refused():
    with pytest.raises(ValueError, match='set name'):
        OODDetection().process(None, samples([0.5], ood_set=3))


def test_scores_must_be_finite_and_present():
    with pytest.raises(ValueError, match='NaN or infinite'):
        ood_detection_scores([0.5, float('nan')], [0.2])
    with pytest.raises(ValueError, match='no out-of-distribution scores'):
        ood_detection_scores([0.5], [])


def test_digits_demo_with_noise_ood_sets_through_tools_test(tmp_path, intact_checkpoint):
    """The metric as a user runs it: a config inheriting the digits demo whose test set
    is the digits test split plus two generated noise sets (8x8, the digits' size),
    evaluated by tools/test.py (mmengine's Runner)."""
    config = tmp_path / 'digits_ood.py'
    config.write_text(
        f'_base_ = [{DEMO_CONFIG!r}]\n'
        'test_dataloader = dict(dataset=dict(\n'
        "    _delete_=True, type='mmrecmix.OODTestSet',\n"
        "    in_dist=dict(type='mmrecmix.Digits', split='val', indices=48,\n"
        '                 pipeline={{_base_.test_pipeline}}),\n'
        '    ood_sets=dict(\n'
        "        Gaussian=dict(type='mmrecmix.NoiseImages', noise='gaussian', size=8,\n"
        '                      num_images=24, pipeline={{_base_.test_pipeline}}),\n'
        "        Uniform=dict(type='mmrecmix.NoiseImages', noise='uniform', size=8,\n"
        '                     num_images=16, pipeline={{_base_.test_pipeline}}))))\n'
        "test_evaluator = dict(_delete_=True, type='mmrecmix.OODDetection')\n")
    main = tool_module('tools/test.py').main
    metrics = main([str(config), intact_checkpoint, '--work-dir', str(tmp_path / 'work')])
    assert set(metrics) == {f'{m}/{s}' for m in OOD_MEASURES
                            for s in ('Gaussian', 'Uniform', 'mean')}
    for value in metrics.values():
        assert 0.0 <= value <= 100.0
    for measure in OOD_MEASURES:
        assert metrics[f'{measure}/mean'] == pytest.approx(
            (metrics[f'{measure}/Gaussian'] + metrics[f'{measure}/Uniform']) / 2)
    assert metrics['detection_acc/mean'] >= 50.0
