"""Every classifier mmrecmix registers keeps mmpretrain's ``ImageClassifier`` contract,
as mmpretrain's own ``tests/test_models/test_classifiers.py`` checks it for the stock
classifier: each forward mode, the ``extract_feat`` stages, ``train_step`` /
``val_step`` / ``test_step`` with a real ``OptimWrapper``, the head's ``loss`` config
(weight, label smoothing) and soft ``gt_score`` labels. Tiny models on 32x48 inputs."""
import math
from dataclasses import dataclass, field
from typing import Callable, Dict, Tuple

import numpy as np
import pytest
import torch
from mmengine.optim import OptimWrapper
from mmpretrain.structures import DataSample

import mmrecmix.models  # noqa: F401 (registers the classifiers)
from mmrecmix.registry import MODELS

NUM_CLASSES = 5
HEIGHT, WIDTH = 32, 48  # non-square on purpose
BATCH = 4
LABELS_A, LABELS_B = [0, 1, 2, 3], [4, 3, 1, 0]

CROSS_ENTROPY = dict(type='CrossEntropyLoss', loss_weight=1.0)
GAP = dict(type='GlobalAveragePooling')
# ResNet_CIFAR-18 at 8 base channels: one 64-channel output at stride 8.
TINY_CIFAR_RESNET = dict(type='ResNet_CIFAR', depth=18, stem_channels=8, base_channels=8)


def linear_head(loss, in_channels=64):
    return dict(type='LinearClsHead', num_classes=NUM_CLASSES, in_channels=in_channels,
                loss=loss)


def recursive_mix_classifier(loss):
    return dict(type='mmrecmix.RecursiveMixClassifier', backbone=TINY_CIFAR_RESNET,
                neck=GAP, head=linear_head(loss),
                train_cfg=dict(augments=dict(type='mmrecmix.RecursiveMix')),
                consistency=dict(type='mmrecmix.RoIConsistencyNeck', in_channels=64,
                                 num_classes=NUM_CLASSES))


def guided_mix_classifier(loss):
    return dict(
        type='mmrecmix.GuidedMixClassifier',
        backbone=dict(type='VisionTransformer', img_size=(HEIGHT, WIDTH), patch_size=8,
                      arch=dict(embed_dims=16, num_layers=2, num_heads=2,
                                feedforward_channels=32)),
        neck=None,
        head=dict(type='VisionTransformerClsHead', num_classes=NUM_CLASSES,
                  in_channels=16, loss=loss),
        mix=dict(type='mmrecmix.SMMix', smmix_prob=1.0),
        token_head=dict(in_channels=16, num_classes=NUM_CLASSES))


def automix_classifier(loss):
    # ImageNet-style ResNet-18 at 8 base channels; the Mix Block reads stage 2.
    return dict(type='mmrecmix.AutoMixClassifier',
                backbone=dict(type='ResNet', depth=18, stem_channels=8, base_channels=8,
                              out_indices=(2, 3)),
                neck=GAP, head=linear_head(loss), mix_head=linear_head(loss),
                mix_block=dict(type='mmrecmix.AutoMixBlock', in_channels=32),
                mix_stage=2)


def feature_mix_classifier(loss):
    return dict(type='mmrecmix.FeatureMixClassifier', backbone=TINY_CIFAR_RESNET,
                neck=GAP, head=linear_head(loss),
                feature_mix=dict(type='Mixup', alpha=1.0), mix_stages=(0, 1, 2))


def augmix_classifier(loss):
    # One view per image here (ClsDataPreprocessor): AugMix's loss is the head's alone.
    return dict(type='mmrecmix.AugMixClassifier', backbone=TINY_CIFAR_RESNET, neck=GAP,
                head=linear_head(loss))


def momentum_hook_step(model):
    """What AutoMixMomentumHook does after each iteration (momentum 0.5 here, so that
    a step leaves the momentum encoder different from the online one)."""
    model.momentum_update(0.5)


@dataclass
class Spec:
    """A classifier under test: its config for a given head loss, the losses the
    head's loss config scores, its backbone's output shapes for one 32x48 image, and
    what its training loop runs after each step."""
    name: str
    config: Callable[[dict], dict]
    head_losses: Tuple[str, ...]
    backbone_shapes: Tuple[tuple, ...]
    after_step: Callable = field(default=lambda model: None)


SPECS = [
    Spec('RecursiveMixClassifier', recursive_mix_classifier, ('loss', ),
         ((64, 4, 6), )),
    Spec('GuidedMixClassifier', guided_mix_classifier, ('loss', ), ((16, ), )),
    # Online head on clean images, mix head on the backbone-branch mix, the
    # momentum copy of the mix head on the Mix Block's mix.
    Spec('AutoMixClassifier', automix_classifier,
         ('loss_clean', 'loss_mix', 'loss_mix_block'), ((32, 2, 3), (64, 1, 2)),
         momentum_hook_step),
    Spec('FeatureMixClassifier', feature_mix_classifier, ('loss', ), ((64, 4, 6), )),
    Spec('AugMixClassifier', augmix_classifier, ('loss', ), ((64, 4, 6), )),
]


@pytest.fixture(params=SPECS, ids=[spec.name for spec in SPECS])
def spec(request):
    return request.param


def build(spec: Spec, loss: dict = CROSS_ENTROPY):
    torch.manual_seed(0)
    cfg = spec.config(loss)
    cfg['data_preprocessor'] = dict(type='ClsDataPreprocessor', num_classes=NUM_CLASSES,
                                    mean=[127.5] * 3, std=[127.5] * 3)
    model = MODELS.build(cfg)
    assert type(model).__name__ == spec.name
    return model


def raw_batch(seed: int = 0, labels=LABELS_A, scores=None) -> dict:
    """A loader's batch: uint8 images and fresh data samples (``gt_label``, plus
    ``gt_score`` rows when ``scores`` is given)."""
    generator = torch.Generator().manual_seed(seed)
    images = [torch.randint(0, 256, (3, HEIGHT, WIDTH), dtype=torch.uint8,
                            generator=generator) for _ in labels]
    samples = [DataSample().set_gt_label(label) for label in labels]
    if scores is not None:
        for sample, score in zip(samples, scores):
            sample.set_gt_score(score)
    return dict(inputs=images, data_samples=samples)


def trained(spec: Spec, steps: int = 2):
    """The model after ``steps`` real training steps (SGD through OptimWrapper): the
    weights moved (AutoMix: online and momentum encoders differ), logits still
    moderate (|z| < 1, so softmax does not saturate and hide a wrong head)."""
    model = build(spec).train()
    optim_wrapper = OptimWrapper(torch.optim.SGD(model.parameters(), lr=0.1))
    np.random.seed(0)
    for step in range(steps):
        model.train_step(raw_batch(step), optim_wrapper)
        spec.after_step(model)
    return model


def eval_inputs(model) -> torch.Tensor:
    return model.data_preprocessor(raw_batch(seed=5), False)['inputs']


def test_tensor_mode_is_the_logits_of_predict(spec):
    model = trained(spec)
    model.eval()
    inputs = eval_inputs(model)
    with torch.no_grad():
        logits = model(inputs, mode='tensor')
        predictions = model(inputs, mode='predict')
    assert logits.shape == (BATCH, NUM_CLASSES)
    scores = torch.stack([p.pred_score for p in predictions])
    torch.testing.assert_close(logits.softmax(1), scores, rtol=0, atol=1e-6)
    assert [p.pred_label.item() for p in predictions] == logits.argmax(1).tolist()


def test_predict_fills_the_given_samples(spec):
    model = build(spec).eval()
    data = model.data_preprocessor(raw_batch(), False)
    with torch.no_grad():
        bare = model.predict(data['inputs'])
        filled = model.predict(data['inputs'], data['data_samples'])
    assert all(p is s for p, s in zip(filled, data['data_samples']))
    for prediction, given, label in zip(bare, filled, LABELS_A):
        assert prediction.pred_score.shape == (NUM_CLASSES, )
        assert prediction.pred_score.sum().item() == pytest.approx(1, abs=1e-6)
        torch.testing.assert_close(given.pred_score, prediction.pred_score)
        assert given.gt_label.tolist() == [label]


def test_loss_mode_gives_finite_losses_that_reach_the_backbone(spec):
    model = build(spec).train()
    np.random.seed(0)
    data = model.data_preprocessor(raw_batch(), True)
    losses = model(**data, mode='loss')
    assert set(spec.head_losses) <= set(losses)
    assert all(losses[key].item() > 0 for key in spec.head_losses)
    assert all(math.isfinite(value.item()) for value in losses.values())
    total, _ = model.parse_losses(losses)  # what train_step back-propagates
    assert total.item() == pytest.approx(sum(value.item() for value in losses.values()))
    total.backward()
    assert any(p.grad is not None and p.grad.abs().sum() > 0
               for p in model.backbone.parameters())


def test_unknown_mode_is_an_error(spec):
    model = build(spec)
    with pytest.raises(RuntimeError, match='Invalid mode "unknown"'):
        model(eval_inputs(model), mode='unknown')


def test_extract_feat_stages(spec):
    model = trained(spec)
    model.eval()
    inputs = eval_inputs(model)
    with torch.no_grad():
        backbone = model.extract_feat(inputs, stage='backbone')
        neck = model.extract_feat(inputs, stage='neck')
        pre_logits = model.extract_feat(inputs, stage='pre_logits')
        default = model.extract_feat(inputs)
    assert isinstance(backbone, tuple)
    assert [tuple(f.shape) for f in backbone] == [(BATCH, *s) for s in spec.backbone_shapes]
    expected_neck = model.neck(backbone) if model.with_neck else backbone
    for got in (neck, default):  # 'neck' is the default stage
        assert len(got) == len(expected_neck)
        for feature, expected in zip(got, expected_neck):
            torch.testing.assert_close(feature, expected)
    torch.testing.assert_close(pre_logits, model.head.pre_logits(neck))
    # In eval mode a sample's features do not depend on the rest of the batch.
    with torch.no_grad():
        first = model.extract_feat(inputs[:1], stage='pre_logits')
    torch.testing.assert_close(first, pre_logits[:1], rtol=1e-5, atol=1e-5)


def test_train_val_and_test_steps_with_a_real_optim_wrapper(spec):
    model = build(spec).train()
    before = {name: p.detach().clone() for name, p in model.backbone.named_parameters()}
    optim_wrapper = OptimWrapper(torch.optim.SGD(model.parameters(), lr=0.1))
    np.random.seed(0)
    for step in range(2):  # the second step sees the first's state (history, EMA)
        log_vars = model.train_step(raw_batch(step), optim_wrapper)
        spec.after_step(model)
    assert 'loss' in log_vars and math.isfinite(log_vars['loss'])
    assert set(spec.head_losses) <= set(log_vars)
    # The logged 'loss' is the optimised total: the sum of the other loss terms, if any.
    parts = [value for key, value in log_vars.items() if 'loss' in key and key != 'loss']
    if parts:
        assert float(log_vars['loss']) == pytest.approx(float(sum(parts)), rel=1e-5)
    assert any(not torch.equal(p, before[name])
               for name, p in model.backbone.named_parameters())
    model.eval()
    validated = model.val_step(raw_batch(seed=5))
    tested = model.test_step(raw_batch(seed=5))
    assert len(validated) == len(tested) == BATCH
    for val, test, label in zip(validated, tested, LABELS_A):
        assert val.pred_score.shape == (NUM_CLASSES, )
        assert val.gt_label.tolist() == [label]
        torch.testing.assert_close(val.pred_score, test.pred_score)


def head_losses(spec: Spec, loss: dict, labels=LABELS_A, scores=None,
                steps: int = 2) -> Dict[str, float]:
    """The head-scored losses of the ``steps``-th training forward (no update in
    between: the same weights, seeds and images for every ``loss`` and label set)."""
    model = build(spec, loss).train()
    np.random.seed(1)
    torch.manual_seed(1)
    for step in range(steps):
        data = model.data_preprocessor(raw_batch(step, labels, scores), True)
        losses = model(**data, mode='loss')
        spec.after_step(model)
    return {key: losses[key].item() for key in spec.head_losses}


def test_head_loss_weight_scales_its_losses(spec):
    single = head_losses(spec, CROSS_ENTROPY)
    double = head_losses(spec, dict(CROSS_ENTROPY, loss_weight=2.0))
    for key in spec.head_losses:
        assert double[key] == pytest.approx(2 * single[key], rel=1e-5), key


def test_head_label_smoothing_applies_to_the_mixed_labels(spec):
    """With logits fixed, LabelSmoothLoss ('original') is CE against
    (1 - eps) y + eps / K, linear in eps: L(0.6) - L(0) = 2 (L(0.3) - L(0)); smoothing
    twice or not at all breaks that. The untrained models' logits are near uniform,
    so the step is small (~1e-4) but far above float32 noise (~1e-6 here)."""
    by_eps = {eps: head_losses(spec, dict(type='LabelSmoothLoss', label_smooth_val=eps,
                                          mode='original'))
              for eps in (0.0, 0.3, 0.6)}
    plain = head_losses(spec, CROSS_ENTROPY)
    for key in spec.head_losses:
        assert by_eps[0.0][key] == pytest.approx(plain[key], rel=1e-5), key
        step = by_eps[0.3][key] - by_eps[0.0][key]
        assert abs(step) > 2e-5, key
        assert by_eps[0.6][key] - by_eps[0.0][key] == pytest.approx(
            2 * step, rel=1e-3, abs=2e-6), key


def test_soft_gt_scores_are_the_labels(spec):
    """Loss against soft targets is linear in them (the mixes do not read labels):
    ``gt_score = 0.7 y_a + 0.3 y_b`` must give 0.7 L(y_a) + 0.3 L(y_b), not L(y_a)
    of its ``gt_label`` a."""
    eye = torch.eye(NUM_CLASSES)
    soft = 0.7 * eye[LABELS_A] + 0.3 * eye[LABELS_B]
    torch.testing.assert_close(soft.sum(1), torch.ones(BATCH))
    loss_a = head_losses(spec, CROSS_ENTROPY, LABELS_A)
    loss_b = head_losses(spec, CROSS_ENTROPY, LABELS_B)
    loss_soft = head_losses(spec, CROSS_ENTROPY, LABELS_A, scores=soft)
    for key in spec.head_losses:
        assert loss_soft[key] == pytest.approx(0.7 * loss_a[key] + 0.3 * loss_b[key],
                                               rel=1e-5), key
        assert abs(loss_soft[key] - loss_a[key]) > 1e-3, key
