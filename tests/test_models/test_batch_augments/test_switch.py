"""mmrecmix.SampleSwitch: per-sample choice frequencies, per-sample exact labels, the
argument checks."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from mmrecmix.models.batch_augments import CutMix, Mixup, SampleSwitch
from mmrecmix.registry import BATCH_AUGMENTS


def one_hot(labels, num_classes):
    return F.one_hot(torch.as_tensor(labels), num_classes).float()


def test_choices_follow_probs_per_sample():
    np.random.seed(0)
    switch = SampleSwitch([dict(type='mmrecmix.CutMix'), dict(type='mmrecmix.Mixup')],
                          probs=[0.5, 0.3])
    choice = switch.sample_choices(4000)
    shares = [(choice == k).mean() for k in (0, 1, -1)]
    # Multinomial(4000): standard errors 0.008, 0.007, 0.006.
    np.testing.assert_allclose(shares, [0.5, 0.3, 0.2], atol=0.03)


def test_labels_and_pixels_are_exact_per_sample():
    """CutMix rows keep lam_i of their own pixels, Mixup rows blend by lam_i, the rest
    pass unchanged; every label is lam_i y_i + (1 - lam_i) y_partner(i)."""
    np.random.seed(1)
    torch.manual_seed(1)
    switch = BATCH_AUGMENTS.build(dict(
        type='mmrecmix.SampleSwitch', probs=[0.4, 0.4],
        augments=[dict(type='mmrecmix.CutMix', mode='elem'),
                  dict(type='mmrecmix.Mixup', mode='elem')]))
    num = 24
    images = torch.arange(1., num + 1).view(-1, 1, 1, 1).expand(num, 3, 6, 10).clone()
    mixed, scores = switch(images.clone(), one_hot(range(num), num))
    step = switch.last_step
    choice, lam, index = step['choice'], step['lam'].float(), step['index']
    assert set(choice.tolist()) == {-1, 0, 1}
    expected = lam[:, None] * torch.eye(num) + (1 - lam[:, None]) * torch.eye(num)[index]
    torch.testing.assert_close(scores, expected)
    cut = (choice == 0) & (index != torch.arange(num))
    kept = (mixed == images).all(1).float().mean((1, 2))
    torch.testing.assert_close(kept[cut], lam[cut])
    blend = choice == 1
    weight = lam.view(-1, 1, 1, 1)
    torch.testing.assert_close(mixed[blend], (weight * images
                                              + (1 - weight) * images[index])[blend])
    none = choice == -1
    assert (lam[none] == 1).all() and torch.equal(mixed[none], images[none])


def test_no_sample_drawn_leaves_the_batch():
    switch = SampleSwitch([CutMix()], probs=[0.0])
    images = torch.randn(3, 3, 6, 10)
    mixed, scores = switch(images.clone(), one_hot([0, 1, 2], 3))
    assert torch.equal(mixed, images) and switch.last_step is None
    torch.testing.assert_close(scores, torch.eye(3))


@pytest.mark.parametrize('kwargs, message', [
    (dict(augments=[dict(type='mmrecmix.CutMix')], probs=[0.5, 0.5]),
     r'one probability per augment \(1\), got 2'),
    (dict(augments=[CutMix(), Mixup()], probs=[0.7, 0.6]), 'sum to at most 1'),
    (dict(augments=[CutMix()], probs=[-0.1]), r'each of probs must be a number in \[0, 1\]'),
    (dict(augments=[dict(type='mmrecmix.RecursiveMix')]), 'must be mmrecmix pair mixes')])
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        SampleSwitch(**kwargs)
