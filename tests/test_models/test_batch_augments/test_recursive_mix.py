"""RecursiveMix: boxes, lambda distribution, paste content, recursion, history rules."""
import uuid

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from mmengine.logging import MessageHub

from mmrecmix.models.batch_augments import (RecursiveMix, history_rows,
                                            sample_clipped_box)


def one_hot(labels, num_classes=10):
    return F.one_hot(torch.as_tensor(labels), num_classes).float()


@pytest.fixture(autouse=True)
def fresh_message_hub():
    """Each test starts outside any epoch (no runtime info): a new hub, the current
    one. Its name is unique (a name drawn from NumPy's RNG repeats after another test
    seeds it, and an existing hub is returned without becoming current)."""
    hub = MessageHub.get_instance(f'rm-test-{uuid.uuid4().hex}')
    yield hub


def test_box_hand_computed_non_square(monkeypatch):
    # area 0.25 on H=48, W=80: ratio 0.5 -> w 40, h 24, halves 20 and 12.
    draws = iter([70, 5])  # cx, then cy
    monkeypatch.setattr(np.random, 'randint', lambda high: next(draws))
    box, share = sample_clipped_box(48, 80, 0.25)
    # x: 70-20=50 .. min(90, 80)=80; y: max(5-12, 0)=0 .. 17
    assert box == (50, 0, 80, 17)
    assert share == pytest.approx(30 * 17 / (48 * 80))


@pytest.mark.parametrize('size, mean, zero_share', [(224, 0.181, 0.0), (32, 0.166, 0.008)])
def test_lambda_distribution(size, mean, zero_share):
    np.random.seed(0)
    aug = RecursiveMix(alpha=0.5)
    lams = np.array([aug.sample_box(size, size)[1] for _ in range(40000)])
    # The standard error of the mean is ~0.0007 here; 0.003 is > 4 of them.
    assert lams.mean() == pytest.approx(mean, abs=0.003)
    assert (lams == 0).mean() == pytest.approx(zero_share, abs=0.002)
    assert lams.max() <= 0.5


def test_lambda_distribution_non_square_is_area_share():
    np.random.seed(1)
    for _ in range(200):
        (x1, y1, x2, y2), lam = sample_clipped_box(48, 80, np.random.uniform(0, 0.5))
        assert 0 <= x1 <= x2 <= 80 and 0 <= y1 <= y2 <= 48
        assert lam == pytest.approx((x2 - x1) * (y2 - y1) / (48 * 80))


@pytest.mark.parametrize('mode', ['nearest', 'bilinear'])
def test_paste_is_resized_history(mode, monkeypatch, device):
    torch.manual_seed(0)
    aug = RecursiveMix(interpolation=mode)
    first = torch.randn(3, 3, 48, 80, device=device)
    aug(first.clone(), one_hot([0, 1, 2]).to(device))
    box = (10, 4, 60, 34)  # 50 wide, 30 high: non-square
    monkeypatch.setattr(aug, 'sample_box', lambda h, w: (box, 50 * 30 / (48 * 80)))
    current = torch.randn(3, 3, 48, 80, device=device)
    mixed, scores = aug(current.clone(), one_hot([3, 4, 5]).to(device))
    expected = F.interpolate(first, size=(30, 50), mode=mode)
    torch.testing.assert_close(mixed[..., 4:34, 10:60], expected)
    outside = torch.ones(48, 80, dtype=torch.bool, device=device)
    outside[4:34, 10:60] = False
    torch.testing.assert_close(mixed[..., outside], current[..., outside])
    lam = 50 * 30 / (48 * 80)
    expected = lam * one_hot([0, 1, 2]) + (1 - lam) * one_hot([3, 4, 5])
    torch.testing.assert_close(scores, expected.to(device))
    assert aug.take_last_step().box == box and aug.take_last_step() is None


def test_first_call_does_not_mix_and_records_nothing():
    aug = RecursiveMix()
    inputs, scores = torch.randn(2, 3, 8, 8), one_hot([1, 2])
    out, out_scores = aug(inputs.clone(), scores)
    torch.testing.assert_close(out, inputs)
    torch.testing.assert_close(out_scores, scores)
    assert aug.take_last_step() is None


def test_recursion_adds_one_class_per_step_and_labels_sum_to_one():
    np.random.seed(3)
    aug = RecursiveMix(alpha=0.5)
    aug.sample_box = lambda h, w: ((0, 0, 4, 4), 0.25)  # never a zero-area box
    for step in range(6):
        _, scores = aug(torch.randn(2, 3, 8, 8), one_hot([step, step + 10], 20))
        nonzero = (scores > 0).sum(1)
        assert nonzero.tolist() == [step + 1, step + 1]
        torch.testing.assert_close(scores.sum(1), torch.ones(2))
        # The oldest class has weight lam^step.
        assert scores[0, 0].item() == pytest.approx(0.25 ** step)


def test_epoch_start_resets_history(fresh_message_hub):
    aug = RecursiveMix()
    fresh_message_hub.update_info('epoch', 0)
    aug(torch.randn(2, 3, 8, 8), one_hot([0, 1]))
    aug(torch.randn(2, 3, 8, 8), one_hot([0, 1]))
    assert aug.take_last_step() is not None
    fresh_message_hub.update_info('epoch', 1)
    aug(torch.randn(2, 3, 8, 8), one_hot([0, 1]))
    assert aug.take_last_step() is None  # first step of an epoch: no mixing


def test_no_epoch_reset_when_disabled(fresh_message_hub):
    aug = RecursiveMix(reset_each_epoch=False)
    fresh_message_hub.update_info('epoch', 0)
    aug(torch.randn(2, 3, 8, 8), one_hot([0, 1]))
    fresh_message_hub.update_info('epoch', 1)
    aug(torch.randn(2, 3, 8, 8), one_hot([0, 1]))
    assert aug.take_last_step() is not None


def test_iteration_interval_reset(fresh_message_hub):
    aug = RecursiveMix(reset_interval=3)
    mixed = []
    for iteration in range(7):
        fresh_message_hub.update_info('iter', iteration)
        aug(torch.randn(2, 3, 8, 8), one_hot([0, 1]))
        mixed.append(aug.take_last_step() is not None)
    assert mixed == [False, True, True, False, True, True, False]


def test_smaller_batch_uses_first_history_rows(monkeypatch):
    aug = RecursiveMix()
    history = torch.randn(4, 3, 8, 8)
    aug(history.clone(), one_hot([0, 1, 2, 3]))
    monkeypatch.setattr(aug, 'sample_box', lambda h, w: ((0, 0, 8, 8), 1.0))
    mixed, scores = aug(torch.randn(2, 3, 8, 8), one_hot([5, 5]))
    torch.testing.assert_close(mixed, history[:2])
    torch.testing.assert_close(scores, one_hot([0, 1]))


def test_larger_batch_cycles_through_history(monkeypatch):
    aug = RecursiveMix()
    history = torch.randn(2, 3, 8, 8)
    aug(history.clone(), one_hot([0, 1]))
    aug.remember_logits(torch.tensor([[1.0, 0.0], [0.0, 1.0]]))
    monkeypatch.setattr(aug, 'sample_box', lambda h, w: ((0, 0, 8, 8), 1.0))
    mixed, scores = aug(torch.randn(5, 3, 8, 8), one_hot([5] * 5))
    torch.testing.assert_close(mixed, history[[0, 1, 0, 1, 0]])
    torch.testing.assert_close(scores, one_hot([0, 1, 0, 1, 0]))
    step = aug.take_last_step()
    torch.testing.assert_close(step.history_logits[:, 1], torch.tensor([0., 1, 0, 1, 0]))
    assert history_rows(3, 5) == slice(0, 3)


def test_history_logits_never_go_stale():
    aug = RecursiveMix()
    aug(torch.randn(2, 3, 8, 8), one_hot([0, 1]))
    aug.remember_logits(torch.zeros(2, 10))
    aug(torch.randn(2, 3, 8, 8), one_hot([0, 1]))  # nobody remembers these logits
    aug(torch.randn(2, 3, 8, 8), one_hot([0, 1]))
    step = aug.take_last_step()
    assert step is not None and step.history_logits is None


def test_history_is_detached_and_not_copied():
    aug = RecursiveMix()
    inputs = torch.randn(2, 3, 8, 8, requires_grad=True) * 1.0
    mixed, _ = aug(inputs, one_hot([0, 1]))
    assert not aug.history_inputs.requires_grad
    assert aug.history_inputs.data_ptr() == mixed.data_ptr()


@pytest.mark.parametrize('kwargs, message', [
    (dict(alpha=0), 'alpha must be in'), (dict(interpolation='cubic'), 'interpolation'),
    (dict(reset_interval=0), 'reset_interval')])
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        RecursiveMix(**kwargs)


def test_class_indices_are_refused_before_anything_is_stored():
    aug = RecursiveMix()
    with pytest.raises(ValueError, match=r'\(N, num_classes\) label scores.*shape '
                                         r'\(2,\).*ClsDataPreprocessor with num_classes'):
        aug(torch.randn(2, 3, 8, 8), torch.tensor([0, 1]))
    assert aug.history_inputs is None and aug.history_scores is None
    with pytest.raises(ValueError, match=r'for the 2 images, got scores of shape \(3, 10\)'):
        aug(torch.randn(2, 3, 8, 8), one_hot([0, 1, 2]))


def test_logits_are_kept_once_per_call_and_must_fit_the_history():
    aug = RecursiveMix()
    assert not aug.remember_logits(torch.zeros(2, 10))  # no call yet: nothing to fit
    aug(torch.randn(2, 3, 8, 8), one_hot([0, 1]))
    with pytest.raises(ValueError, match='logits for 3 samples.*history batch has 2'):
        aug.remember_logits(torch.zeros(3, 10))
    assert aug.remember_logits(torch.ones(2, 10))
    assert not aug.remember_logits(torch.zeros(2, 10))  # another batch's: ignored
    assert torch.equal(aug.history_logits, torch.ones(2, 10))


def recursive_mix_among_others_classifier():
    """A tiny RecursiveMixClassifier whose RecursiveMix is one of the augments that
    mmpretrain's RandomBatchAugment draws from (the other: mmpretrain's Mixup)."""
    from mmrecmix.registry import MODELS
    torch.manual_seed(0)
    return MODELS.build(dict(
        type='mmrecmix.RecursiveMixClassifier',
        data_preprocessor=dict(type='ClsDataPreprocessor', num_classes=10),
        backbone=dict(type='ResNet_CIFAR', depth=18, stem_channels=8, base_channels=8),
        neck=dict(type='GlobalAveragePooling'),
        head=dict(type='LinearClsHead', num_classes=10, in_channels=64),
        train_cfg=dict(augments=[dict(type='mmrecmix.RecursiveMix'),
                                 dict(type='Mixup', alpha=1.0)], probs=[0.5, 0.5]),
        consistency=dict(type='mmrecmix.RoIConsistencyNeck', in_channels=64,
                         num_classes=10))).train()


def test_steps_without_recursive_mix_keep_the_pasted_batch_logits():
    """RecursiveMix, then Mixup, then RecursiveMix: the third step pastes the first
    step's batch, so its consistency target must be the first step's prediction, not
    the Mixup batch's."""
    from mmpretrain.structures import DataSample
    model = recursive_mix_among_others_classifier()
    random_augment, augment = model.data_preprocessor.batch_augments, model.recursive_mix
    seen = dict(logits=[], features=[])
    model.head.register_forward_hook(
        lambda m, args, out: seen['logits'].append(out.detach()))
    model.backbone.register_forward_hook(
        lambda m, args, out: seen['features'].append(out[-1].detach()))

    def train_step_with(choice):  # 0: RecursiveMix, 1: Mixup (then "none", prob 0)
        random_augment.probs = [float(i == choice) for i in range(3)]
        data = dict(inputs=[torch.randint(0, 255, (3, 16, 24), dtype=torch.uint8)
                            for _ in range(4)],
                    data_samples=[DataSample().set_gt_label(i) for i in range(4)])
        data = model.data_preprocessor(data, True)
        return model(**data, mode='loss'), data['inputs']

    _, first_inputs = train_step_with(0)
    losses, _ = train_step_with(1)
    assert losses['loss_roi_consistency'].item() == 0
    # The history is still the first batch, with the first batch's prediction.
    assert augment.history_inputs.data_ptr() == first_inputs.data_ptr()
    torch.testing.assert_close(augment.history_logits, seen['logits'][0],
                               rtol=0, atol=0)
    box, lam = (4, 2, 20, 14), 16 * 12 / (16 * 24)
    augment.sample_box = lambda h, w: (box, lam)
    losses, _ = train_step_with(0)

    def consistency_with(history_logits):
        return model.consistency.loss(seen['features'][-1], box, lam, history_logits,
                                      (16, 24))['loss_roi_consistency']

    torch.testing.assert_close(losses['loss_roi_consistency'].detach(),
                               consistency_with(seen['logits'][0]))
    assert not torch.isclose(consistency_with(seen['logits'][1]),
                             losses['loss_roi_consistency'])


def test_interval_reset_also_when_the_boundary_iteration_is_skipped(fresh_message_hub):
    """Inside RandomBatchAugment the augment may not run on iteration 3 itself: the
    history from before it must still not be pasted after it."""
    aug = RecursiveMix(reset_interval=3)
    mixed = []
    for iteration in (0, 1, 2, 4, 5, 7, 9):  # 3, 6 and 8 went to other augments
        fresh_message_hub.update_info('iter', iteration)
        aug(torch.randn(2, 3, 8, 8), one_hot([0, 1]))
        mixed.append(aug.take_last_step() is not None)
    assert mixed == [False, True, True, False, True, False, False]
