"""mmrecmix.Mixup: mmpretrain's Mixup in batch mode, a hand-computed elem batch."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from mmengine.registry import DefaultScope

from mmrecmix.models.batch_augments import Mixup
from mmrecmix.registry import BATCH_AUGMENTS


def one_hot(labels, num_classes=4):
    return F.one_hot(torch.as_tensor(labels), num_classes).float()


def test_batch_mode_equals_mmpretrains_mixup_under_the_same_seed():
    from mmpretrain.models.utils.batch_augments import Mixup as UpstreamMixup
    inputs, scores = torch.randn(6, 3, 6, 10), one_hot([0, 1, 2, 3, 0, 1])
    for seed in range(5):
        np.random.seed(seed)
        torch.manual_seed(seed)
        theirs, their_scores = UpstreamMixup(alpha=0.4)(inputs.clone(), scores)
        np.random.seed(seed)
        torch.manual_seed(seed)
        ours, our_scores = Mixup(alpha=0.4)(inputs.clone(), scores)
        torch.testing.assert_close(ours, theirs, rtol=0, atol=0)
        torch.testing.assert_close(our_scores, their_scores, rtol=0, atol=0)


def test_elem_mode_hand_computed(monkeypatch):
    """lam (0.25, 0.5, 1.0) for samples 0, 1, 2; partners [1, 2, 0]."""
    monkeypatch.setattr(np.random, 'beta',
                        lambda a, b, size=None: np.array([0.25, 0.5, 1.0]))
    monkeypatch.setattr(torch, 'randperm', lambda n, device=None: torch.tensor([1, 2, 0]))
    images = torch.tensor([0., 4., 8.]).view(3, 1, 1, 1).expand(3, 1, 6, 10).clone()
    mixed, scores = Mixup(mode='elem')(images, one_hot([0, 1, 2]))
    # 0.25 * 0 + 0.75 * 4 = 3; 0.5 * 4 + 0.5 * 8 = 6; 1.0 * 8 = 8.
    torch.testing.assert_close(mixed[:, 0, 0, 0], torch.tensor([3., 6., 8.]))
    torch.testing.assert_close(scores, torch.tensor([[0.25, 0.75, 0, 0],
                                                     [0, 0.5, 0.5, 0],
                                                     [0, 0, 1.0, 0]]))


def test_registered_with_the_prefix_and_a_drop_in_for_mmpretrains():
    from mmpretrain.models.utils.batch_augments import Mixup as UpstreamMixup
    from mmpretrain.registry import BATCH_AUGMENTS as MMPRE_AUGMENTS
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        assert MMPRE_AUGMENTS.get('Mixup') is UpstreamMixup
        built = MMPRE_AUGMENTS.build(dict(type='mmrecmix.Mixup', alpha=0.2, mode='pair'))
    assert type(built) is Mixup and built.mode == 'pair'
    assert isinstance(built, UpstreamMixup)
    assert BATCH_AUGMENTS.get('Mixup') is Mixup


@pytest.mark.parametrize('kwargs, message', [
    (dict(alpha=0), r'Mixup: alpha must be a number in \(0, inf\)'),
    (dict(prob=2), r'Mixup: prob must be a number in \[0, 1\]')])
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Mixup(**kwargs)
