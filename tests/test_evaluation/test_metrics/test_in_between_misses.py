"""mmrecmix.InBetweenClassMisses (CutMix Fig. 5b): top-1 / top-2 rates of predicting
neither class of an in-between sample, by hand through mmengine's Evaluator, and on
the digits demo through tools/test.py."""
import pytest
import torch
from conftest import DEMO_CONFIG, tool_module
from mmengine.evaluator import Evaluator
from mmpretrain.structures import DataSample

from mmrecmix.datasets.in_between import InBetweenClassPairs  # noqa: F401 (registers)
from mmrecmix.evaluation.metrics.in_between import InBetweenClassMisses
from mmrecmix.registry import METRICS

# (pair_labels, scores over 4 classes): top-1 and top-2 sets, and whether each misses.
HAND = [
    ((0, 1), [0.5, 0.3, 0.1, 0.1]),  # top1 {0} hit,  top2 {0, 1} hit
    ((0, 1), [0.1, 0.2, 0.6, 0.1]),  # top1 {2} miss, top2 {2, 1} hit
    ((2, 3), [0.4, 0.3, 0.2, 0.1]),  # top1 {0} miss, top2 {0, 1} miss
    ((1, 3), [0.1, 0.2, 0.3, 0.4]),  # top1 {3} hit,  top2 {3, 2} hit
    ((3, 0), [0.1, 0.5, 0.3, 0.1]),  # top1 {1} miss, top2 {1, 2} miss
]
# top-1: 3 misses of 5 = 60 %; top-2: 2 of 5 = 40 %. Top-3 drops one class of four
# (a tied one for the last sample, whose pair is both tied classes): no miss.
HAND_TOP1, HAND_TOP2 = 60.0, 40.0


def data_sample(pair, scores) -> DataSample:
    sample = DataSample().set_gt_label(pair[0]).set_pred_score(torch.tensor(scores))
    sample.set_metainfo({'pair_labels': pair})
    return sample


def evaluate(metric, items, batch_size=2) -> dict:
    evaluator = Evaluator(metric)
    for start in range(0, len(items), batch_size):
        evaluator.process([data_sample(*item) for item in items[start:start + batch_size]])
    return evaluator.evaluate(len(items))


def test_hand_computed_top1_and_top2_through_the_evaluator():
    metric = METRICS.build(dict(type='mmrecmix.InBetweenClassMisses'))
    metrics = evaluate(metric, HAND)
    assert metrics == pytest.approx({'in_between/top1_miss': HAND_TOP1,
                                     'in_between/top2_miss': HAND_TOP2})
    assert metric.results == []


def test_other_k_and_their_order():
    metrics = evaluate(InBetweenClassMisses(topk=(3, 1)), HAND)
    assert metrics == pytest.approx({'in_between/top1_miss': HAND_TOP1,
                                     'in_between/top3_miss': 0.0})
    assert list(evaluate(InBetweenClassMisses(topk=2, prefix='mix'), HAND)) == \
        ['mix/top2_miss']


def test_results_split_over_two_ranks_give_the_same_rates():
    whole, rank0, rank1 = (InBetweenClassMisses() for _ in range(3))
    samples = [data_sample(*item).to_dict() for item in HAND]
    whole.process(None, samples)
    rank0.process(None, samples[::2])
    rank1.process(None, samples[1::2])
    assert whole.compute_metrics(rank0.results + rank1.results) == pytest.approx(
        {'top1_miss': HAND_TOP1, 'top2_miss': HAND_TOP2})
    assert all(isinstance(v, bool) for r in whole.results for v in r.values())


def test_a_sample_without_its_pair_names_the_dataset_to_use():
    plain = DataSample().set_gt_label(0).set_pred_score(torch.tensor([0.5, 0.5]))
    with pytest.raises(ValueError, match="no 'pair_labels'.*mmrecmix.InBetweenClassPairs"):
        InBetweenClassMisses().process(None, [plain.to_dict()])
    with pytest.raises(ValueError, match='no pred_score'):
        InBetweenClassMisses().process(None, [{'pair_labels': (0, 1)}])


@pytest.mark.parametrize('pair,message', [
    ((1, 1), 'two different classes'), ((0, 1, 2), 'two different classes')])
def test_a_pair_must_be_two_different_classes(pair, message):
    with pytest.raises(ValueError, match=message):
        InBetweenClassMisses().process(None, [data_sample(pair, [0.5, 0.3, 0.2]).to_dict()])


def test_bad_topk_and_no_samples():
    for topk in (0, (), (1, 2.5), True):
        with pytest.raises(ValueError, match='topk must be an integer >= 1'):
            InBetweenClassMisses(topk=topk)
    with pytest.raises(ValueError, match='top-3 asked of 2 classes'):
        InBetweenClassMisses(topk=3).process(
            None, [data_sample((0, 1), [0.5, 0.5]).to_dict()])
    with pytest.raises(ValueError, match='no samples'):
        InBetweenClassMisses().compute_metrics([])


def test_cutmix_pairs_of_digits_through_tools_test(tmp_path, intact_checkpoint):
    """The dataset and the metric as a user configures them, on the digits demo."""
    config = tmp_path / 'digits_in_between.py'
    config.write_text(
        f'_base_ = [{DEMO_CONFIG!r}]\n'
        'test_dataloader = dict(dataset=dict(\n'
        "    _delete_=True, type='mmrecmix.InBetweenClassPairs', style='cutmix',\n"
        '    lam=0.5, num_pairs=24, dataset=dict(\n'
        "        type='mmrecmix.Digits', split='val', indices=40,\n"
        "        pipeline=[dict(type='Resize', scale=(16, 16)),\n"
        "                  dict(type='PackInputs')])))\n"
        # _delete_: the demo's Accuracy(topk=(1, )) would pass its topk on.
        "test_evaluator = dict(_delete_=True, type='mmrecmix.InBetweenClassMisses')\n")
    main = tool_module('tools/test.py').main
    metrics = main([str(config), intact_checkpoint, '--work-dir', str(tmp_path / 'work')])
    assert set(metrics) == {'in_between/top1_miss', 'in_between/top2_miss'}
    # 24 pairs: each rate is a multiple of 100 / 24, and top-2 misses are top-1 misses.
    for value in metrics.values():
        assert 0 <= value <= 100 and (value * 24 / 100) == pytest.approx(
            round(value * 24 / 100))
    assert metrics['in_between/top2_miss'] <= metrics['in_between/top1_miss']
