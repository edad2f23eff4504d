"""Every mix and classifier under autocast, on each device of ``DEVICES``: train steps
run without dtype errors, the losses are float32 and finite, the RecursiveMix history
and the SMMix window search behave as in float32."""
import pytest
import torch
from conftest import autocast_dtypes, cpu_bfloat16_attention_works
from mmpretrain.structures import DataSample

import mmrecmix  # noqa: F401
from mmrecmix.models import CutMix, RecursiveMix, window_sums
from mmrecmix.registry import MODELS

NUM_CLASSES = 10


def preprocessed(model, size, count=4):
    data = dict(inputs=[torch.randint(0, 255, (3, *size), dtype=torch.uint8)
                        for _ in range(count)],
                data_samples=[DataSample().set_gt_label(i % NUM_CLASSES)
                              for i in range(count)])
    return model.data_preprocessor(data, True)


def train_step_losses(model, device, dtype, size):
    """What mmengine's AmpOptimWrapper does: preprocessing and forward under autocast."""
    with torch.autocast(device.type, dtype=dtype):
        return model(**preprocessed(model, size), mode='loss')


def assert_float32_finite(losses):
    for name, value in losses.items():
        assert value.dtype == torch.float32, name
        assert torch.isfinite(value), name


def recursive_mix_model(device):
    torch.manual_seed(0)
    model = MODELS.build(dict(
        type='mmrecmix.RecursiveMixClassifier',
        data_preprocessor=dict(type='ClsDataPreprocessor', num_classes=NUM_CLASSES),
        backbone=dict(type='ResNet_CIFAR', depth=18),
        neck=dict(type='GlobalAveragePooling'),
        head=dict(type='LinearClsHead', num_classes=NUM_CLASSES, in_channels=512),
        consistency=dict(type='mmrecmix.RoIConsistencyNeck', in_channels=512,
                         num_classes=NUM_CLASSES, omega=0.5),
        train_cfg=dict(augments=dict(type='mmrecmix.RecursiveMix', alpha=1.0))))
    return model.to(device).train()


def test_recursive_mix_with_roi_neck_under_autocast(device):
    for dtype in autocast_dtypes(device):
        model = recursive_mix_model(device)
        model.recursive_mix.sample_box = lambda h, w: ((4, 2, 20, 14), 192 / 384)
        first = train_step_losses(model, device, dtype, (16, 24))
        second = train_step_losses(model, device, dtype, (16, 24))
        assert_float32_finite(first)
        assert_float32_finite(second)
        assert second['loss_roi_consistency'] > 0
        history = model.recursive_mix
        # The history keeps the batch as the network got it (float32 inputs) and the
        # head's logits, whatever autocast computed them in.
        assert history.history_inputs.dtype == torch.float32
        assert history.history_logits.device.type == device.type
        sum(second.values()).backward()
        assert model.consistency.fc.weight.grad.abs().sum() > 0


def deit_model(device):
    torch.manual_seed(0)
    model = MODELS.build(dict(
        type='mmrecmix.GuidedMixClassifier',
        data_preprocessor=dict(type='ClsDataPreprocessor', num_classes=NUM_CLASSES),
        backbone=dict(type='VisionTransformer', arch='deit-tiny', img_size=64,
                      patch_size=16),
        neck=None,
        head=dict(type='VisionTransformerClsHead', num_classes=NUM_CLASSES,
                  in_channels=192),
        mix=dict(type='mmrecmix.SMMix', smmix_prob=1.0),
        token_head=dict(in_channels=192, num_classes=NUM_CLASSES)))
    return model.to(device).train()


def test_smmix_classifier_under_autocast(device):
    if device.type == 'cpu' and not cpu_bfloat16_attention_works():
        pytest.skip(f'torch {torch.__version__} crashes in a bfloat16 attention '
                    'backward on this CPU (a torch 2.1 bug, fixed in 2.2)')
    for dtype in autocast_dtypes(device):
        model = deit_model(device)
        losses = train_step_losses(model, device, dtype, (64, 64))
        assert_float32_finite(losses)
        assert set(losses) == {'loss', 'loss_fine', 'loss_consistency'}
        sum(losses.values()).backward()
        assert model.token_head.weight.grad.abs().sum() > 0


@pytest.mark.parametrize('dtype', [torch.float16, torch.bfloat16])
def test_window_sums_are_float32_for_half_scores(device, dtype):
    torch.manual_seed(0)
    scores = torch.rand(3, 14, 14, device=device).to(dtype)
    sums = window_sums(scores, 5)
    assert sums.dtype == torch.float32
    torch.testing.assert_close(sums, window_sums(scores.float(), 5))
    # Far above half precision's largest value (65504) when summed: no overflow.
    large = torch.full((1, 14, 14), 60000.0, device=device).to(torch.float16)
    assert torch.isfinite(window_sums(large, 7)).all()


@pytest.mark.parametrize('augment', [RecursiveMix(alpha=1.0), CutMix(alpha=1.0)],
                         ids=['RecursiveMix', 'CutMix'])
def test_batch_augments_keep_dtype_and_device(device, augment):
    inputs = torch.rand(4, 3, 24, 40, device=device)
    scores = torch.eye(4, device=device)
    for _ in range(2):  # RecursiveMix mixes from its second step on
        mixed, mixed_scores = augment(inputs.clone(), scores)
    assert mixed.device.type == device.type and mixed.dtype == torch.float32
    assert torch.allclose(mixed_scores.sum(1), torch.ones(4, device=device))
