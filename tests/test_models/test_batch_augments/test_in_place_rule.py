"""The in-place rule over the whole batch-augment registry: every mmrecmix image mix
returns the caller's ``inputs`` tensor with the mix written into it; MomentExchange,
the feature-level mix, is the one documented exception."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

import mmrecmix.models  # noqa: F401 (registers the augments)
from mmrecmix.models.batch_augments import exchange_moments
from mmrecmix.registry import BATCH_AUGMENTS

NUM, SIZE = 4, 32
# Sample i is the constant VALUES[i] (labels: class i), so the mean of a mixed image
# is its label row times VALUES whatever the mix moved, pasted or blended.
VALUES = torch.tensor([0.3, 1.7, -0.9, 2.5])

# Each registered image mix (some in several modes): its config and how it is called
# (pair mixes with (inputs, scores); guided ones with a saliency, score or guide map
# as their tests give them). Scores are random with a fixed seed.
PAIR_MODES = ('batch', 'pair', 'elem')
CASES = {
    **{f'CutMix {m}': (dict(type='mmrecmix.CutMix', mode=m), None) for m in PAIR_MODES},
    **{f'Mixup {m}': (dict(type='mmrecmix.Mixup', mode=m), None) for m in PAIR_MODES},
    **{f'FMix {m}': (dict(type='mmrecmix.FMix', mode=m), None) for m in PAIR_MODES},
    **{f'ResizeMix {m}': (dict(type='mmrecmix.ResizeMix', mode=m), None)
       for m in PAIR_MODES},
    'SaliencyMix per image': (dict(type='mmrecmix.SaliencyMix', per_image=True), None),
    'SaliencyMix per batch': (dict(type='mmrecmix.SaliencyMix', per_image=False), None),
    'SampleSwitch': (dict(type='mmrecmix.SampleSwitch', augments=[
        dict(type='mmrecmix.CutMix'), dict(type='mmrecmix.Mixup')], probs=[0.5, 0.5]),
        None),
    'RecursiveMix': (dict(type='mmrecmix.RecursiveMix'), 'history'),
    'TransMix batch': (dict(type='mmrecmix.TransMix'), 'optional'),
    'TransMix elem': (dict(type='mmrecmix.TransMix', mode='elem'), 'optional'),
    'SMMix region': (dict(type='mmrecmix.SMMix', smmix_prob=1.0), (NUM, 4, 4)),
    'SMMix mixup': (dict(type='mmrecmix.SMMix', smmix_prob=0.0), (NUM, 4, 4)),
    'PuzzleMix': (dict(type='mmrecmix.PuzzleMix', block_nums=(2, 4)), (NUM, SIZE, SIZE)),
    'PuzzleMix no transport': (dict(type='mmrecmix.PuzzleMix', block_nums=(2, 4),
                                    transport=False), (NUM, SIZE, SIZE)),
    'AttentiveMix': (dict(type='mmrecmix.AttentiveMix', top_k=3), (NUM, 4, 4)),
    'CoMixup': (dict(type='mmrecmix.CoMixup', block_num=4), (NUM, SIZE, SIZE)),
}
EXCEPTIONS = {'MomentExchange'}


def id_batch(order):
    """Images of ``VALUES[order]`` with one-hot labels of ``order``."""
    order = torch.as_tensor(order)
    images = VALUES[order].view(-1, 1, 1, 1).expand(-1, 3, SIZE, SIZE).clone()
    return images, F.one_hot(order, NUM).float()


def run(case):
    """The returned images, scores, the caller's tensor and its clean copy."""
    cfg, extra = CASES[case]
    augment = BATCH_AUGMENTS.build(dict(cfg))
    if extra == 'history':  # the first batch becomes the history the second mixes
        augment(*id_batch([0, 1, 2, 3]))
        inputs, scores = id_batch([2, 3, 1, 0])
    else:
        inputs, scores = id_batch([0, 1, 2, 3])
    clean = inputs.clone()
    if extra is None or extra == 'history':
        out = augment(inputs, scores)
    elif extra == 'optional':
        out = augment(inputs, scores, None)
    else:
        out = augment(inputs, scores, torch.rand(extra))
    return out[0], out[1], inputs, clean


def test_every_registered_augment_is_covered():
    # mmrecmix's own augments: other test files register throwaway mixes here too.
    registered = {name for name, cls in BATCH_AUGMENTS.module_dict.items()
                  if cls.__module__.startswith('mmrecmix.')}
    covered = {cfg['type'].split('.')[-1] for cfg, _ in CASES.values()}
    assert registered == covered | EXCEPTIONS


@pytest.mark.parametrize('case', list(CASES))
def test_returns_the_callers_tensor_holding_the_mix(case):
    np.random.seed(3)
    torch.manual_seed(3)
    mixed, scores, inputs, clean = run(case)
    assert mixed is inputs
    assert not torch.equal(inputs, clean)  # something was mixed into it
    # Each image is the share-weighted mix of the samples its label names.
    torch.testing.assert_close(inputs.mean(dim=(1, 2, 3)), scores @ VALUES,
                               atol=1e-4, rtol=0)


def test_moment_exchange_is_the_feature_level_exception():
    """A new tensor, the caller's features unchanged: they are kept for the
    backward pass, which then runs."""
    torch.manual_seed(0)
    conv = torch.nn.Conv2d(3, 4, 3)
    features = conv(torch.randn(NUM, 3, 8, 8))
    clean = features.detach().clone()
    index = torch.tensor([1, 0, 3, 2])
    moex = BATCH_AUGMENTS.build(dict(type='mmrecmix.MomentExchange', lam=0.9))
    out, scores = moex(features, F.one_hot(torch.arange(NUM), NUM).float(), index)
    assert out is not features and torch.equal(features.detach(), clean)
    torch.testing.assert_close(out, exchange_moments(clean, index))
    out.square().sum().backward()
    assert conv.weight.grad is not None
