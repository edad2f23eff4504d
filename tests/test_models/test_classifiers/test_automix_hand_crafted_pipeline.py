"""AutoMixClassifier with a hand-crafted mix (``mix=``) in AutoMix's momentum pipeline
(AutoMix Table 10's +MP / +MP+CE rows): the losses by hand, the momentum encoder's
statistics and Eq. 12, the evaluated encoder, and the option's checks."""
import copy

import numpy as np
import pytest
import torch
from conftest import automix_demo_model_cfg
from mmpretrain.structures import DataSample

from mmrecmix.registry import MODELS
from mmrecmix.visualization.mixed_batch import recorded_mixed_batch

MIXUP = dict(type='mmrecmix.Mixup', alpha=1.0)


def pipeline_cfg(mix=MIXUP, clean_loss=True, **overrides):
    """The AutoMix digits demo's classifier (CIFAR ResNet-18, 10 classes) with a
    hand-crafted mix in place of its Mix Block and mix head."""
    cfg = automix_demo_model_cfg()
    for key in ('mix_block', 'mix_head'):
        cfg.pop(key)
    cfg.backbone.out_indices = (3, )  # no stage map to read
    cfg.update(mix=mix, clean_loss=clean_loss, **overrides)
    return cfg


def pipeline_model(**options):
    model = MODELS.build(pipeline_cfg(**options))
    model.init_weights()
    return model.train()


def batch(model, count=6, size=16, seed=0):
    generator = torch.Generator().manual_seed(seed)
    data = dict(inputs=[torch.randint(0, 255, (3, size, size), dtype=torch.uint8,
                                      generator=generator) for _ in range(count)],
                data_samples=[DataSample().set_gt_label(k % 10) for k in range(count)])
    return model.data_preprocessor(data, True)


def soft_ce(logits, targets):
    return -(targets * logits.log_softmax(1)).sum(1).mean()


def online_logits(modules, inputs):
    return modules['head'](modules['neck'](modules['backbone'](inputs)))


@pytest.mark.parametrize('clean_loss', [True, False])
def test_losses_are_the_mixed_and_clean_cross_entropies_by_hand(clean_loss):
    torch.manual_seed(0)
    model = pipeline_model(clean_loss=clean_loss)
    data = batch(model)
    inputs, samples = data['inputs'], data['data_samples']
    online = copy.deepcopy(dict(backbone=model.backbone, neck=model.neck,
                                head=model.head))
    np.random.seed(3)
    torch.manual_seed(3)
    losses = model.loss(inputs.clone(), samples)

    # Mixup by hand, from the same draws: lambda ~ Beta(1, 1), then the permutation.
    np.random.seed(3)
    torch.manual_seed(3)
    lam = np.random.beta(1.0, 1.0)
    index = torch.randperm(len(inputs))
    assert 0 < lam < 1 and not torch.equal(index, torch.arange(len(inputs)))
    one_hot = torch.eye(10)[[s.gt_label.item() for s in samples]]
    mixed = lam * inputs + (1 - lam) * inputs[index]
    with torch.no_grad():
        expected_mix = soft_ce(online_logits(online, mixed),
                               lam * one_hot + (1 - lam) * one_hot[index])
        expected_clean = soft_ce(online_logits(online, inputs), one_hot)
    assert set(losses) == ({'loss_mix', 'loss_clean'} if clean_loss else {'loss_mix'})
    assert losses['loss_mix'].item() == pytest.approx(expected_mix.item(), rel=1e-5)
    total = expected_mix + (expected_clean if clean_loss else 0)
    assert sum(losses.values()).item() == pytest.approx(total.item(), rel=1e-5)
    if clean_loss:
        assert losses['loss_clean'].item() == pytest.approx(expected_clean.item(),
                                                            rel=1e-5)
    # The batch the step trained on, as the mix tools show it.
    model.record_mix = True
    np.random.seed(3)
    torch.manual_seed(3)
    model.steps_taken = model.steps_updated = 0
    model.loss(inputs.clone(), samples)
    shown = recorded_mixed_batch(model)
    assert torch.allclose(shown.inputs, mixed, atol=1e-6) and shown.method == 'Mixup'


def test_only_the_online_encoder_learns_and_f_k_keeps_clean_statistics():
    """The losses reach the online backbone and its one head, never the momentum
    copy; the momentum backbone ran on the clean batch once (its BatchNorm statistics
    are those of that forward) and on nothing else."""
    torch.manual_seed(0)
    model = pipeline_model()
    data = batch(model)
    momentum_copy = copy.deepcopy(model.momentum_encoder['backbone'])
    losses = model.loss(data['inputs'], data['data_samples'])
    sum(losses.values()).backward()
    assert all(p.grad is not None and p.grad.abs().sum() > 0
               for p in (model.head.fc.weight, model.backbone.conv1.weight))
    assert all(p.grad is None for p in model.momentum_encoder.parameters())
    with torch.no_grad():
        momentum_copy(data['inputs'])  # train mode: one clean forward
    for (name, a), b in zip(model.momentum_encoder['backbone'].named_buffers(),
                            momentum_copy.buffers()):
        assert torch.equal(a, b), name
    assert set(model.momentum_encoder) == {'backbone', 'neck', 'head'}  # no mix head


def test_after_a_step_eq_12_moves_f_k_and_f_k_is_what_is_evaluated():
    torch.manual_seed(0)
    model = pipeline_model()
    start = {k: v.clone() for k, v in model.momentum_encoder.named_parameters()}
    data = batch(model)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    sum(model.loss(data['inputs'], data['data_samples']).values()).backward()
    optimizer.step()
    model.momentum_update(0.9)  # what AutoMixMomentumHook does after the iteration
    online = dict(model.online_modules())
    for name, k in model.momentum_encoder.named_parameters():
        part, rest = name.split('.', 1)
        q = dict(online[part].named_parameters())[rest]
        assert torch.allclose(k, 0.9 * start[name] + 0.1 * q, atol=1e-6), name
        assert not torch.equal(k, q) or torch.equal(start[name], q)
    model.eval()
    test = batch(model, seed=1)['inputs']
    with torch.no_grad():
        scores = torch.stack([s.pred_score for s in model.predict(test)])
        momentum = online_logits(model.momentum_encoder, test).softmax(1)
        online_scores = online_logits(online, test).softmax(1)
    assert torch.allclose(scores, momentum, atol=1e-6)
    assert not torch.allclose(scores, online_scores, atol=1e-4)


def test_cutmix_in_the_pipeline_pastes_a_box_and_labels_by_its_area():
    torch.manual_seed(0)
    model = pipeline_model(mix=dict(type='mmrecmix.CutMix', alpha=1.0), clean_loss=False)
    data = batch(model)
    inputs = data['inputs'].clone()
    model.record_mix = True
    np.random.seed(0)
    model.loss(data['inputs'], data['data_samples'])
    assert torch.equal(data['inputs'], inputs)  # the clean batch is left as it was
    step = model.mix.last_step
    (x1, y1, x2, y2), index = step['box'], step['index']
    kept = 1 - (x2 - x1) * (y2 - y1) / 16 ** 2
    assert 0 < kept < 1 and step['lam'] == pytest.approx(kept)
    shown = recorded_mixed_batch(model)
    assert shown.boxes == [(x1, y1, x2, y2)] * 6 and shown.method == 'CutMix'
    expected = inputs.clone()
    expected[..., y1:y2, x1:x2] = inputs[index][..., y1:y2, x1:x2]
    assert torch.equal(shown.inputs, expected)
    one_hot = torch.eye(10)[[s.gt_label.item() for s in data['data_samples']]]
    assert torch.allclose(shown.scores, kept * one_hot + (1 - kept) * one_hot[index])


def test_the_option_s_checks_name_the_fix():
    with pytest.raises(ValueError, match='one of them'):
        MODELS.build(pipeline_cfg(mix_block=dict(type='mmrecmix.AutoMixBlock',
                                                 in_channels=256)))
    cfg = pipeline_cfg()
    cfg.pop('mix')
    with pytest.raises(ValueError, match='one of them'):
        MODELS.build(cfg)
    with pytest.raises(ValueError, match='leave mix_head out'):
        MODELS.build(pipeline_cfg(clean_loss=False, mix_head=dict(
            type='LinearClsHead', num_classes=10, in_channels=512)))
    with pytest.raises(ValueError, match='a hand-crafted mix goes in mix='):
        MODELS.build(pipeline_cfg(train_cfg=dict(augments=MIXUP)))


def test_without_the_momentum_hook_the_second_step_stops():
    model = pipeline_model()
    data = batch(model)
    model.loss(data['inputs'], data['data_samples'])
    with pytest.raises(RuntimeError, match='AutoMixMomentumHook'):
        model.loss(data['inputs'], data['data_samples'])
