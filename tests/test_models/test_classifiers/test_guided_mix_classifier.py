"""GuidedMixClassifier's contract: guide before the mixed forward, mix, relabel after
it, the head's loss on the mixed targets; the README's own guided mix trains."""
import math
import os.path as osp
import re

import numpy as np
import pytest
import torch
from conftest import REPO_ROOT, tiny_digits_run
from mmpretrain.structures import DataSample

from mmrecmix.models import GuidedMixStep
from mmrecmix.models.guides import BaseRelabel, Guidance
from mmrecmix.registry import BATCH_AUGMENTS, MODELS

NUM_CLASSES = 5
VIT = dict(type='VisionTransformer', img_size=32, patch_size=8,
           arch=dict(embed_dims=32, num_layers=2, num_heads=2,
                     feedforward_channels=64))


def smmix_model(head_loss=None, **kwargs):
    head = dict(type='VisionTransformerClsHead', num_classes=NUM_CLASSES,
                in_channels=32)
    if head_loss is not None:
        head['loss'] = head_loss
    cfg = dict(type='mmrecmix.GuidedMixClassifier',
               data_preprocessor=dict(type='ClsDataPreprocessor',
                                      num_classes=NUM_CLASSES),
               backbone=VIT, neck=None, head=head,
               mix=dict(type='mmrecmix.SMMix', smmix_prob=1.0),
               token_head=dict(in_channels=32, num_classes=NUM_CLASSES))
    cfg.update(kwargs)
    return MODELS.build(cfg)


def batch(count=4, size=32, soft=False):
    generator = torch.Generator().manual_seed(3)
    inputs = torch.randn(count, 3, size, size, generator=generator)
    samples = [DataSample().set_gt_label(i % NUM_CLASSES) for i in range(count)]
    if soft:
        for sample in samples:
            sample.set_gt_score(torch.softmax(torch.randn(NUM_CLASSES,
                                                          generator=generator), 0))
    return inputs, samples


def seeded_losses(model, inputs, samples):
    torch.manual_seed(0)
    np.random.seed(0)
    return {k: v.item() for k, v in model.loss(inputs.clone(), samples).items()}


def test_smoothing_in_the_head_equals_smoothing_in_the_classifier():
    """SMMix configs moved their 0.1 from label_smoothing to the head's
    LabelSmoothLoss: every loss keeps its value."""
    in_head = smmix_model(head_loss=dict(type='LabelSmoothLoss', label_smooth_val=0.1,
                                         mode='original'))
    in_classifier = smmix_model(label_smoothing=0.1)
    in_classifier.load_state_dict(in_head.state_dict())
    inputs, samples = batch()
    first, second = (seeded_losses(m, inputs, samples) for m in (in_head, in_classifier))
    assert set(first) == {'loss', 'loss_fine', 'loss_consistency'}
    assert first == pytest.approx(second, rel=1e-6)
    plain = seeded_losses(smmix_model(), inputs, samples)
    assert plain['loss'] != pytest.approx(first['loss'])  # the smoothing matters


def test_smoothing_twice_is_an_error_naming_the_fix():
    with pytest.raises(ValueError, match='drop label_smoothing'):
        smmix_model(head_loss=dict(type='LabelSmoothLoss', label_smooth_val=0.1,
                                   mode='original'), label_smoothing=0.1)


def test_head_loss_weight_and_soft_labels_are_honoured():
    inputs, samples = batch()
    base = smmix_model()
    doubled = smmix_model(head_loss=dict(type='CrossEntropyLoss', loss_weight=2.0))
    doubled.load_state_dict(base.state_dict())
    one, two = (seeded_losses(m, inputs, samples) for m in (base, doubled))
    assert two['loss'] == pytest.approx(2 * one['loss'], rel=1e-6)
    soft = seeded_losses(base, *batch(soft=True))
    assert soft['loss'] != pytest.approx(one['loss'])


@BATCH_AUGMENTS.register_module(force=True)
class _HalfPaste:
    """Test mix: the left half from the batch reversed, per-batch lam 0.5."""

    def __call__(self, inputs, targets, score):
        source = torch.arange(inputs.size(0) - 1, -1, -1)
        half = inputs.size(-1) // 2
        inputs = inputs.clone()
        inputs[..., :half] = inputs[source][..., :half]
        boxes = torch.tensor([[0, 0, half, inputs.size(-2)]] * inputs.size(0))
        step = GuidedMixStep(lam=0.5, source_index=source, boxes=boxes)
        return inputs, step.mix_targets(targets), step


@MODELS.register_module(force=True)
class _RecordingRelabel(BaseRelabel):
    """Test relabel: records that it ran after the mixed forward, gives lam 0.9."""

    def attach(self, backbone):
        self.forwards = []
        backbone.register_forward_hook(lambda *args: self.forwards.append('forward'))

    def __call__(self, step, image_size):
        self.forwards.append(('relabel', tuple(image_size)))
        return torch.full((step.source_index.numel(), ), 0.9)


def test_relabel_runs_after_the_mixed_forward_and_sets_the_targets():
    model = smmix_model(mix=dict(type='mmrecmix._HalfPaste'), guide=None,
                        relabel=dict(type='mmrecmix._RecordingRelabel'),
                        token_head=None)
    model.record_mix = True
    inputs, samples = batch()
    model.loss(inputs, samples)
    assert model.relabel.forwards == ['forward', ('relabel', (32, 32))]  # no extra pass
    _, targets, step = model.last_mix
    one_hot = torch.eye(NUM_CLASSES)[[i % NUM_CLASSES for i in range(4)]]
    torch.testing.assert_close(targets, 0.9 * one_hot + 0.1 * one_hot.flip(0))
    torch.testing.assert_close(step.lam, torch.full((4, ), 0.9))


def test_guide_losses_are_added_as_they_are():
    class ConstantLossGuide:
        def attach(self, backbone):
            pass

        def guidance(self, classifier, inputs, targets):
            return Guidance(losses=dict(loss_clean=torch.tensor(1.25)))

    model = smmix_model(mix=dict(type='mmrecmix._HalfPaste'), guide=None,
                        token_head=None)
    model.guide = ConstantLossGuide()
    losses = model.loss(*batch())
    assert losses['loss_clean'].item() == 1.25 and math.isfinite(losses['loss'].item())


def test_smmix_without_a_guide_names_the_guide():
    model = smmix_model(guide=None, token_head=None)
    with pytest.raises(ValueError, match="guide=dict\\(type='mmrecmix.AttentionGuide'\\)"):
        model.loss(*batch())


def test_per_sample_lam_mixes_rows():
    values = torch.eye(3)
    step = GuidedMixStep(lam=torch.tensor([1.0, 0.25, 0.5]),
                         source_index=torch.tensor([2, 0, 1]))
    torch.testing.assert_close(step.mix_targets(values), torch.tensor(
        [[1.0, 0.0, 0.0], [0.75, 0.25, 0.0], [0.0, 0.5, 0.5]]))


def test_readme_guided_mix_example_trains(tmp_path):
    readme = open(osp.join(REPO_ROOT, 'docs', 'custom_mix.md')).read()
    code = re.search(r'<!-- example: custom-guided-mix -->\n```python\n(.*?)```',
                     readme, re.S)
    exec(code.group(1), {})
    mix = BATCH_AUGMENTS.build(dict(type='mmrecmix.BetterHalfMix'))
    inputs = torch.zeros(2, 1, 4, 3)
    inputs[1] = 1.0
    score = torch.tensor([[[1.0], [0.0]], [[0.0], [2.0]]])  # (N, h=2, w=1)
    mixed, targets, step = mix(inputs.clone(), torch.eye(2), score)
    # Sample 0 takes sample 1's better (bottom) half; sample 1 sample 0's top half.
    assert mixed[0, 0, :, 0].tolist() == [0, 0, 1, 1]
    assert mixed[1, 0, :, 0].tolist() == [0, 0, 1, 1]
    torch.testing.assert_close(targets, torch.full((2, 2), 0.5))
    runner = tiny_digits_run(tmp_path, dict(
        _delete_=True, type='mmrecmix.GuidedMixClassifier',
        backbone=dict(type='ResNet_CIFAR', depth=18, out_indices=(3, )),
        neck=dict(type='GlobalAveragePooling'),
        head=dict(type='LinearClsHead', num_classes=10, in_channels=512),
        mix=dict(type='mmrecmix.BetterHalfMix'),
        guide=dict(type='mmrecmix.MeanActivationGuide')), train_size=32)
    assert runner.train_loop.iter == 2
    assert math.isfinite(runner.message_hub.get_scalar('train/loss').current())
