"""mmrecmix.FeatureMixClassifier (Manifold Mixup, Feature CutMix) on real mmpretrain
backbones: the mix lands exactly at the drawn stage, labels follow by lambda, the head's
loss config applies, nothing mixes outside ``loss``, and mmengine's Runner trains it."""
import math
from collections import Counter

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from conftest import DEMO_CONFIG
from mmengine.config import Config
from mmengine.runner import Runner
from mmpretrain.structures import DataSample

from mmrecmix.models.classifiers.feature_mix_classifier import stage_modules
from mmrecmix.registry import MODELS

NUM_CLASSES = 5
HEIGHT, WIDTH = 32, 48  # non-square on purpose
LABELS = [0, 1, 2, 3]
PERM = [2, 0, 3, 1]
LAM = 0.3

TINY_VIT = dict(type='VisionTransformer', img_size=(HEIGHT, WIDTH), patch_size=8,
                arch=dict(embed_dims=16, num_layers=3, num_heads=2,
                          feedforward_channels=32))
# name: (backbone, channels of its last stage)
BACKBONES = {
    'resnet': (dict(type='ResNet', depth=18, stem_channels=8, base_channels=8), 64),
    'resnet_cifar': (dict(type='ResNet_CIFAR', depth=18, stem_channels=8,
                          base_channels=8), 64),
    'resnext': (dict(type='ResNeXt', depth=50, groups=2, width_per_group=4,
                     stem_channels=8, base_channels=8), 256),
    'vit': (TINY_VIT, 16),
}


def parts(name, head_loss=None):
    """Backbone, neck and head configs of a tiny classifier on ``name``."""
    backbone, channels = BACKBONES[name]
    head = dict(type='VisionTransformerClsHead' if name == 'vit' else 'LinearClsHead',
                num_classes=NUM_CLASSES, in_channels=channels)
    if head_loss is not None:
        head['loss'] = head_loss
    neck = None if name == 'vit' else dict(type='GlobalAveragePooling')
    return dict(backbone=backbone, neck=neck, head=head)


def build(name, mix_stages=(0, 1, 2), feature_mix=dict(type='Mixup', alpha=1.0),
          head_loss=None, **kwargs):
    torch.manual_seed(0)
    return MODELS.build(dict(type='mmrecmix.FeatureMixClassifier',
                             feature_mix=feature_mix, mix_stages=mix_stages,
                             **parts(name, head_loss), **kwargs))


def batch(scores=None):
    """Four non-square images and fresh data samples (``loss`` writes ``gt_score``)."""
    inputs = torch.randn(4, 3, HEIGHT, WIDTH, generator=torch.Generator().manual_seed(1))
    samples = [DataSample().set_gt_label(label) for label in LABELS]
    if scores is not None:
        samples = [sample.set_gt_score(score) for sample, score in zip(samples, scores)]
    return inputs, samples


def one_hot(labels):
    return F.one_hot(torch.tensor(labels), NUM_CLASSES).float()


@pytest.fixture
def fixed_mixup(monkeypatch):
    """mmpretrain's Mixup with lambda LAM and pairing PERM (its two random draws)."""
    monkeypatch.setattr(np.random, 'beta', lambda a, b: LAM)
    monkeypatch.setattr(torch, 'randperm', lambda n, **kwargs: torch.tensor(PERM))


def consumers(model):
    """Entry k: the module whose first input is stage k's output (0: the image)."""
    backbone = model.backbone
    stages = stage_modules(backbone)
    if hasattr(backbone, 'patch_embed'):
        return [backbone.patch_embed, *stages[1:], backbone.ln1]
    return [backbone.conv1, *stages[1:], model.neck]


class Probe:
    """Records every stage's output as the network produced it (these hooks are
    registered before the mix hook, so they see the stage output before the mix),
    what each stage's consumer received, and the head's logits."""

    def __init__(self, model):
        self.outputs, self.received = {}, {}
        self.handles = [model.head.register_forward_hook(self._logits)]
        for k, module in enumerate(stage_modules(model.backbone), 1):
            self.handles.append(module.register_forward_hook(
                lambda _, args, out, k=k: self.outputs.__setitem__(k, out.detach().clone())))
        for k, module in enumerate(consumers(model)):
            self.handles.append(module.register_forward_pre_hook(
                lambda _, args, k=k: self._receive(k, args[0])))

    def _logits(self, module, args, output):
        self.logits = output.detach()

    def _receive(self, k, value):
        value = value[-1] if isinstance(value, tuple) else value
        self.received[k] = value.detach().clone()

    def remove(self):
        for handle in self.handles:
            handle.remove()


def probed(model, run):
    probe = Probe(model)
    try:
        with torch.no_grad():
            run()
    finally:
        probe.remove()
    return probe


def soft_ce(logits, target):
    return -(target * F.log_softmax(logits, dim=1)).sum(1).mean()


def no_hooks_left(model):
    return all(not m._forward_hooks and not m._forward_pre_hooks for m in model.modules())


# ---------------------------------------------------------------- forward modes


@pytest.mark.parametrize('name', list(BACKBONES))
def test_every_forward_mode_is_a_plain_image_classifier_but_loss(name):
    model = build(name, mix_stages=(0, 1, 2))
    plain = MODELS.build(dict(type='ImageClassifier', **parts(name)))
    plain.load_state_dict(model.state_dict())  # strict: the same parameters
    # No mixing outside `loss`, even in training mode.
    model.train()
    plain.train()
    inputs, _ = batch()
    torch.testing.assert_close(model(inputs, mode='tensor'), plain(inputs, mode='tensor'))
    for stage in ('backbone', 'neck', 'pre_logits'):
        torch.testing.assert_close(model.extract_feat(inputs, stage=stage),
                                   plain.extract_feat(inputs, stage=stage))
    predictions = model(inputs, batch()[1], mode='predict')
    expected = plain(inputs, batch()[1], mode='predict')
    for ours, theirs in zip(predictions, expected):
        torch.testing.assert_close(ours.pred_score, theirs.pred_score)
        assert ours.pred_score.shape == (NUM_CLASSES, )
    np.random.seed(0)
    losses = model(inputs, batch()[1], mode='loss')
    assert set(losses) == {'loss'} and math.isfinite(losses['loss'].item())
    losses['loss'].backward()
    assert all(p.grad is not None for p in model.backbone.parameters())
    assert no_hooks_left(model)


# ---------------------------------------------------------------- where the mix lands

EXACT_CASES = ([('resnet_cifar', k) for k in range(5)] + [('vit', k) for k in range(4)]
               + [('resnet', 0), ('resnet', 2), ('resnet', 4), ('resnext', 1),
                  ('resnext', 3)])


@pytest.mark.parametrize('name, stage', EXACT_CASES)
def test_mix_is_exactly_at_the_drawn_stage(name, stage, fixed_mixup):
    model = build(name, mix_stages=(stage, )).eval()  # eval: BN/dropout deterministic
    inputs, samples = batch()
    clean = probed(model, lambda: model(inputs, mode='tensor'))
    mixed = probed(model, lambda: model.loss(inputs, samples))
    clean.outputs[0] = inputs

    source = clean.outputs[stage]
    expected = LAM * source + (1 - LAM) * source[PERM]
    torch.testing.assert_close(mixed.received[stage], expected)
    for k in range(1, stage + 1):  # before the mix (and stage k itself) untouched
        torch.testing.assert_close(mixed.outputs[k], clean.outputs[k])
    stages = stage_modules(model.backbone)
    with torch.no_grad():  # what follows runs on the mixed feature
        if stage == 0:
            torch.testing.assert_close(mixed.logits, model(expected, mode='tensor'))
        elif stage < len(stages):
            torch.testing.assert_close(mixed.outputs[stage + 1], stages[stage](expected))
    assert not torch.allclose(mixed.logits, clean.logits)

    target = LAM * one_hot(LABELS) + (1 - LAM) * one_hot(LABELS)[PERM]
    scores = torch.stack([sample.gt_score for sample in samples])
    torch.testing.assert_close(scores, target)
    torch.testing.assert_close(scores.sum(1), torch.ones(4))
    loss = model.loss(inputs, batch()[1])['loss']
    torch.testing.assert_close(loss, soft_ce(mixed.logits, target))
    assert no_hooks_left(model)


def test_feature_cutmix_cuts_a_box_of_the_feature_map(monkeypatch):
    model = build('resnet_cifar', mix_stages=(2, ),
                  feature_mix=dict(type='mmrecmix.CutMix', alpha=1.0)).eval()
    box = (3, 2, 15, 10)  # x along the 24-wide, y along the 16-high stage-2 map
    seen = []

    def sample_box(height, width):
        seen.append((height, width))
        return box, 1 - (box[2] - box[0]) * (box[3] - box[1]) / (height * width)

    monkeypatch.setattr(model.feature_mix, 'sample_box', sample_box)
    monkeypatch.setattr(torch, 'randperm', lambda n, **kwargs: torch.tensor(PERM))
    inputs, samples = batch()
    clean = probed(model, lambda: model(inputs, mode='tensor'))
    mixed = probed(model, lambda: model.loss(inputs, samples))

    assert seen == [(HEIGHT // 2, WIDTH // 2)]
    source, received = clean.outputs[2], mixed.received[2]
    x1, y1, x2, y2 = box
    torch.testing.assert_close(received[..., y1:y2, x1:x2], source[PERM][..., y1:y2, x1:x2])
    outside = torch.ones(HEIGHT // 2, WIDTH // 2, dtype=torch.bool)
    outside[y1:y2, x1:x2] = False
    torch.testing.assert_close(received[..., outside], source[..., outside])
    lam = 1 - 12 * 8 / (16 * 24)
    assert model.feature_mix.last_step['lam'] == pytest.approx(lam)
    target = lam * one_hot(LABELS) + (1 - lam) * one_hot(LABELS)[PERM]
    torch.testing.assert_close(torch.stack([s.gt_score for s in samples]), target)


def test_stage_is_drawn_uniformly_per_batch(fixed_mixup):
    model = build('resnet_cifar', mix_stages=(0, 2, 3))
    np.random.seed(0)
    counts = Counter(model.draw_stage() for _ in range(3000))
    assert set(counts) == {0, 2, 3}
    # 1000 expected each; binomial standard deviation ~26.
    assert all(abs(count - 1000) < 100 for count in counts.values())

    model = build('resnet_cifar', mix_stages=(1, 3)).eval()
    inputs, _ = batch()
    clean = probed(model, lambda: model(inputs, mode='tensor'))
    clean.outputs[0] = inputs
    mixed_at = []
    for _ in range(12):
        probe = probed(model, lambda: model.loss(inputs, batch()[1]))
        mixed_at.append(next(k for k in range(5) if not torch.allclose(
            probe.received[k], clean.outputs[k])))
    assert set(mixed_at) == {1, 3}


# ---------------------------------------------------------------- hooks

def test_hook_is_removed_after_the_step_and_after_an_exception():
    model = build('resnet', mix_stages=(2, ))
    model.loss(*batch())
    assert no_hooks_left(model)
    wrong_channels = torch.randn(4, 1, HEIGHT, WIDTH)
    with pytest.raises(RuntimeError):
        model.loss(wrong_channels, batch()[1])
    assert no_hooks_left(model)
    model = build('resnet', mix_stages=(0, ))
    with pytest.raises(RuntimeError):
        model.loss(wrong_channels, batch()[1])
    assert no_hooks_left(model)


# ---------------------------------------------------------------- the head's loss config

def test_loss_weight_scales_the_loss():
    single = build('resnet_cifar', mix_stages=(1, )).eval()
    double = build('resnet_cifar', mix_stages=(1, ),
                   head_loss=dict(type='CrossEntropyLoss', loss_weight=2.0)).eval()
    double.load_state_dict(single.state_dict())
    losses = []
    for model in (single, double):
        np.random.seed(3)
        torch.manual_seed(3)
        losses.append(model.loss(*batch())['loss'])
    torch.testing.assert_close(losses[1], 2 * losses[0])


def test_label_smoothing_applies_to_the_mixed_labels(fixed_mixup):
    model = build('vit', mix_stages=(2, ), head_loss=dict(
        type='LabelSmoothLoss', label_smooth_val=0.1, mode='original')).eval()
    inputs, samples = batch()
    probe = Probe(model)
    with torch.no_grad():
        loss = model.loss(inputs, samples)['loss']
    probe.remove()
    mixed = LAM * one_hot(LABELS) + (1 - LAM) * one_hot(LABELS)[PERM]
    torch.testing.assert_close(loss, soft_ce(probe.logits, 0.9 * mixed + 0.1 / NUM_CLASSES))


def test_soft_gt_scores_are_mixed_not_replaced(fixed_mixup):
    model = build('resnet', mix_stages=(1, )).eval()
    soft = torch.softmax(torch.randn(4, NUM_CLASSES, generator=torch.Generator()
                                     .manual_seed(2)), dim=1)
    inputs, samples = batch(scores=soft)
    probe = Probe(model)
    with torch.no_grad():
        loss = model.loss(inputs, samples)['loss']
    probe.remove()
    target = LAM * soft + (1 - LAM) * soft[PERM]
    torch.testing.assert_close(torch.stack([s.gt_score for s in samples]), target)
    torch.testing.assert_close(loss, soft_ce(probe.logits, target))


# ---------------------------------------------------------------- bad configs

@pytest.mark.parametrize('name, mix_stages, valid', [
    ('resnet', (0, 5), r'\(0, 1, 2, 3, 4\)'), ('resnet_cifar', (-1, ), r'\(0, 1, 2, 3, 4\)'),
    ('vit', (4, ), r'\(0, 1, 2, 3\)'), ('resnet', (), r'\(0, 1, 2, 3, 4\)'),
    ('resnet', (1, 1), r'\(0, 1, 2, 3, 4\)'), ('resnet', (1.0, ), r'\(0, 1, 2, 3, 4\)')])
def test_stage_outside_the_eligible_set_raises(name, mix_stages, valid):
    with pytest.raises(ValueError, match=f'mix_stages must be distinct ints from {valid}'):
        build(name, mix_stages=mix_stages)


def test_backbone_without_stages_allows_only_the_input():
    lenet = dict(backbone=dict(type='LeNet5', num_classes=NUM_CLASSES), neck=None,
                 head=dict(type='ClsHead'), data_preprocessor=dict(num_classes=NUM_CLASSES))
    with pytest.raises(ValueError, match=r'from \(0,\) for LeNet5'):
        MODELS.build(dict(type='mmrecmix.FeatureMixClassifier', mix_stages=(0, 1),
                          feature_mix=dict(type='Mixup', alpha=1.0), **lenet))
    model = MODELS.build(dict(type='mmrecmix.FeatureMixClassifier', mix_stages=(0, ),
                              feature_mix=dict(type='Mixup', alpha=1.0), **lenet))
    inputs = torch.randn(4, 1, 32, 32)
    assert math.isfinite(model.loss(inputs, batch()[1])['loss'].item())


def test_box_mix_on_vit_tokens_is_refused_but_allowed_on_the_image():
    with pytest.raises(ValueError, match='only Mixup is supported'):
        build('vit', mix_stages=(0, 1), feature_mix=dict(type='mmrecmix.CutMix'))
    model = build('vit', mix_stages=(0, ), feature_mix=dict(type='mmrecmix.CutMix'))
    assert math.isfinite(model.loss(*batch())['loss'].item())


def test_two_mixes_and_batch_accuracy_are_refused():
    with pytest.raises(ValueError, match='remove train_cfg.augments'):
        build('resnet', train_cfg=dict(augments=dict(type='Mixup', alpha=1.0)))
    name_parts = parts('resnet')
    name_parts['head']['cal_acc'] = True
    with pytest.raises(ValueError, match='head.cal_acc=False'):
        MODELS.build(dict(type='mmrecmix.FeatureMixClassifier',
                          feature_mix=dict(type='Mixup', alpha=1.0), **name_parts))


# ---------------------------------------------------------------- training with the Runner

@pytest.mark.parametrize('feature_mix', [dict(type='Mixup', alpha=2.0),
                                         dict(type='mmrecmix.CutMix', alpha=1.0)])
def test_runner_trains_the_digits_demo(feature_mix, tmp_path):
    cfg = Config.fromfile(DEMO_CONFIG)
    cfg.merge_from_dict(dict(
        model=dict(type='mmrecmix.FeatureMixClassifier', feature_mix=feature_mix,
                   mix_stages=(0, 1, 2)),
        train_dataloader=dict(batch_size=16, dataset=dict(indices=64)),
        val_dataloader=dict(dataset=dict(indices=32)),
        test_dataloader=dict(dataset=dict(indices=32)),
        train_cfg=dict(max_epochs=1, val_interval=1),
        default_hooks=dict(logger=dict(interval=1), checkpoint=dict(interval=1))))
    cfg.work_dir = str(tmp_path)
    runner = Runner.from_cfg(cfg)
    runner.train()
    losses = runner.message_hub.get_scalar('train/loss').data[0]
    assert len(losses) == 4 and all(math.isfinite(v) for v in losses)
    assert 0 <= runner.message_hub.get_scalar('val/accuracy/top1').current() <= 100
    assert no_hooks_left(runner.model)
