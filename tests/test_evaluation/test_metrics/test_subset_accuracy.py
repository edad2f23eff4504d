"""SubsetAccuracy (ImageNet-A / -R top-1 with the other classes' logits masked out) and
the class lists it ships: checked against the publishers' evaluation code."""
import re

import pytest
import torch
from mmengine.evaluator import Evaluator
from mmpretrain.datasets.categories import IMAGENET_CATEGORIES
from mmpretrain.structures import DataSample

from mmrecmix.evaluation.metrics.subset_accuracy import (SUBSETS, SubsetAccuracy,
                                                         imagenet_wnids, subset_indices,
                                                         subset_wnids)
from mmrecmix.registry import METRICS

# From the publishers' eval.py: the first and last entries of ImageNet-A's
# `indices_in_1k` (thousand_k_to_200 != -1) and of ImageNet-R's index list (the comment
# under imagenet_r_mask).
A_FIRST, A_LAST = [6, 11, 13, 15, 17, 22, 23, 27], [980, 981, 984, 986, 987, 988]
R_FIRST, R_LAST = [1, 2, 4, 6, 8, 9, 11, 13, 22, 23], [965, 967, 980, 981, 983, 988]


def sample(scores, label):
    return DataSample().set_pred_score(torch.as_tensor(scores, dtype=torch.float32)) \
        .set_gt_label(label)


def evaluate(metric, samples):
    evaluator = Evaluator(metric)
    evaluator.process(samples)
    return evaluator.evaluate(len(samples))


def test_the_class_lists():
    wnids = imagenet_wnids()
    assert len(wnids) == len(set(wnids)) == len(IMAGENET_CATEGORIES) == 1000
    assert list(wnids) == sorted(wnids)
    assert all(re.fullmatch(r'n\d{8}', wnid) for wnid in wnids)
    assert wnids[0] == 'n01440764' and wnids[-1] == 'n15075141'
    assert IMAGENET_CATEGORIES[0].startswith('tench')
    assert IMAGENET_CATEGORIES[-1].startswith('toilet tissue')
    for name in SUBSETS:
        members = subset_wnids(name)
        assert len(members) == len(set(members)) == 200
        assert list(members) == sorted(members) and set(members) <= set(wnids)
        assert [wnids[i] for i in subset_indices(name)] == list(members)
    a, r = subset_indices('imagenet-a'), subset_indices('imagenet-r')
    assert list(a[:8]) == A_FIRST and list(a[-6:]) == A_LAST
    assert list(r[:10]) == R_FIRST and list(r[-6:]) == R_LAST
    assert len(set(a) & set(r)) == 86  # two different sets
    # goldfish (1) is in ImageNet-R only, stingray (6) in both, tench (0) in neither.
    assert 'n01443537' in subset_wnids('imagenet-r')
    assert 'n01443537' not in subset_wnids('imagenet-a')
    assert 'n01498041' in subset_wnids('imagenet-a') and IMAGENET_CATEGORIES[6] == 'stingray'
    assert 0 not in a and 0 not in r


def test_masked_argmax_by_hand():
    # Subset {1, 3} of 5 classes. The unmasked argmax is an outside class every time.
    metric = SubsetAccuracy(subset=[1, 3])
    samples = [sample([0.9, 0.01, 0.0, 0.09, 0.0], 3),  # within {1, 3}: 3, correct
               sample([0.1, 0.2, 0.5, 0.1, 0.1], 1),    # within: 1, correct
               sample([0.0, 0.3, 0.0, 0.1, 0.6], 3),    # within: 1, wrong
               sample([0.6, 0.2, 0.0, 0.2, 0.0], 1)]    # tie: the first given, 1
    assert evaluate(metric, samples) == {'subset_accuracy/top1': 75.0}
    # The order of the list breaks ties only.
    assert evaluate(SubsetAccuracy(subset=(3, 1), prefix='r'), samples) == \
        {'r/top1': 50.0}


def test_imagenet_a_masks_the_other_800_classes():
    scores = torch.zeros(3, 1000)
    scores[:, 0] = 0.9  # tench, outside ImageNet-A: the plain argmax
    scores[:, 6] = 0.05  # stingray, the best ImageNet-A class
    scores[2, 11] = 0.06  # goldfinch beats it for the last sample
    samples = [sample(scores[0], 6), sample(scores[1], 11), sample(scores[2], 11)]
    metric = METRICS.build(dict(type='mmrecmix.SubsetAccuracy', subset='imagenet-a'))
    assert evaluate(metric, samples)['subset_accuracy/top1'] == pytest.approx(200 / 3)
    plain = METRICS.build(dict(type='Accuracy', topk=1))
    assert evaluate(plain, samples)['accuracy/top1'] == 0


@pytest.mark.parametrize('name', sorted(SUBSETS))
def test_same_as_the_publishers_code(name):
    """eval.py: ``output[:, indices_in_1k].max(1)[1]`` against the ImageFolder label,
    the class's position among the 200 sorted wnids; our labels are 1k indices."""
    generator = torch.Generator().manual_seed(0)
    indices = torch.tensor(subset_indices(name))
    logits = torch.randn(64, 1000, generator=generator)
    target_200 = torch.randint(0, 200, (64, ), generator=generator)
    # Every sample's highest logit is outside the subset; half of them favour their
    # class within it.
    outside = torch.tensor([c for c in range(1000) if c not in set(indices.tolist())])
    logits[torch.arange(64), outside[torch.randint(0, 800, (64, ), generator=generator)]] += 9
    logits[torch.arange(0, 64, 2), indices[target_200[::2]]] += 5
    expected = 100 * (logits[:, indices].max(1)[1] == target_200).float().mean().item()
    samples = [sample(logits[n].softmax(0), int(indices[target_200[n]]))
               for n in range(64)]
    for subset in (name, subset_indices(name), list(range(1000))[::-1]):
        metric = SubsetAccuracy(subset=subset)
        result = evaluate(metric, samples)['subset_accuracy/top1']
        if subset is not name and len(subset) == 1000:  # all classes: plain accuracy
            plain = 100 * (logits.argmax(1) == indices[target_200]).float().mean().item()
            assert result == pytest.approx(plain)
        else:
            assert result == pytest.approx(expected)
    assert 40 < expected < 60


@pytest.mark.parametrize('subset, match', [
    ('imagenet-x', r"subset must be one of \['imagenet-a', 'imagenet-r'\] or a list"),
    ([], 'non-empty list of distinct class indices'),
    ([1, 2, 1], r'\[1\] appear more than once'),
    ([0, -1], r'\[-1\] are not'),
    ([True, 2], r'\[True\] are not'),
    ([1.5], r'\[1.5\] are not'),
    (3, 'non-empty list of distinct class indices'),
])
def test_bad_subsets_are_refused(subset, match):
    with pytest.raises(ValueError, match=match):
        SubsetAccuracy(subset=subset)


@pytest.mark.parametrize('subset, data_sample, match', [
    ('imagenet-a', sample(torch.ones(10) / 10, 6),
     'scores 10 classes; use a model with num_classes=1000'),
    ([2, 5], sample(torch.ones(3) / 3, 2), r'holds class 5 but the model scores only 3 '
     'classes; give indices below 3'),
    ('imagenet-a', sample(torch.ones(1000), 1), r"label 1 is not a class of the subset "
     r"'imagenet-a'; labels are class indices of the model \(0-999"),
    ([2, 5], sample(torch.ones(6), 0), 'label 0 is not a class of the subset of 2'),
    ([2, 5], DataSample().set_gt_label(2), 'has no pred_score'),
    ([2, 5], dict(pred_score=torch.ones(2, 6), gt_label=torch.tensor([2])),
     'pred_score must be a 1-D tensor'),
    ([2, 5], sample(torch.ones(6), [2, 5]), 'gt_label must hold one class'),
])
def test_bad_samples_are_refused(subset, data_sample, match):
    with pytest.raises(ValueError, match=match):
        if not isinstance(data_sample, dict):
            data_sample = data_sample.to_dict()
        SubsetAccuracy(subset=subset).process(None, [data_sample])


def test_no_samples_is_refused():
    with pytest.raises(ValueError, match='no samples to evaluate'):
        SubsetAccuracy(subset=[1]).compute_metrics([])
