"""SMMix through GuidedMixClassifier: the extra forward, the three losses and their
gradients, and real ViT / Swin / PVTv2 / ResNet models trained by mmengine's Runner."""
import math
import os.path as osp

import pytest
import torch
from conftest import (FULL_TIER, NUM_CLASSES, SMMIX_BACKBONES, digits_cfg,
                      smmix_model_cfg)
from mmengine.runner import Runner
from mmpretrain.structures import DataSample

from mmrecmix.registry import MODELS

def batch(model, size, count=5):
    data = dict(inputs=[torch.randint(0, 255, (3, size, size), dtype=torch.uint8)
                        for _ in range(count)],
                data_samples=[DataSample().set_gt_label(i % NUM_CLASSES)
                              for i in range(count)])
    return model.data_preprocessor(data, True)


@pytest.fixture(scope='module')
def deit():
    torch.manual_seed(0)
    # No init_weights(): mmpretrain's ViT head starts at zero, which would hide
    # the gradients the test looks for behind a zero head.
    model = MODELS.build(smmix_model_cfg('deit_tiny', smmix_prob=1.0))
    model.train()
    return model


def test_extra_forward_is_no_grad_eval_and_restores_train_mode(deit):
    modes = []
    handle = deit.backbone.register_forward_hook(
        lambda m, args, out: modes.append((m.training, torch.is_grad_enabled())))
    try:
        losses = deit(**batch(deit, 64), mode='loss')
    finally:
        handle.remove()
    assert modes == [(False, False), (True, True)]  # clean pass, then mixed pass
    assert deit.training and deit.backbone.training
    assert set(losses) == {'loss', 'loss_fine', 'loss_consistency'}
    assert all(math.isfinite(v.item()) for v in losses.values())


def grads_of(model, loss):
    model.zero_grad()
    loss.backward(retain_graph=True)
    touched = lambda module: any(  # noqa: E731
        p.grad is not None and p.grad.abs().sum() > 0 for p in module.parameters())
    return touched(model.backbone), touched(model.head), touched(model.token_head)


def test_each_loss_reaches_the_right_parameters(deit):
    torch.manual_seed(1)
    losses = deit(**batch(deit, 64), mode='loss')
    assert grads_of(deit, losses['loss']) == (True, True, False)
    assert grads_of(deit, losses['loss_fine']) == (True, False, True)
    assert grads_of(deit, losses['loss_consistency']) == (True, True, False)


def test_mixup_batches_train_only_the_classification_loss():
    torch.manual_seed(0)
    model = MODELS.build(smmix_model_cfg('deit_tiny', smmix_prob=0.0))
    model.train()
    losses = model(**batch(model, 64), mode='loss')
    assert losses['loss_fine'].item() == 0 and 'loss_consistency' not in losses


def test_batch_augments_in_train_cfg_is_an_error():
    cfg = smmix_model_cfg('deit_tiny')
    cfg['train_cfg'] = dict(augments=dict(type='Mixup', alpha=0.8))
    with pytest.raises(ValueError, match='remove train_cfg.augments'):
        MODELS.build(cfg)


def test_token_head_width_mismatch_names_the_setting():
    cfg = smmix_model_cfg('deit_tiny', smmix_prob=1.0)
    cfg['token_head']['in_channels'] = 100
    model = MODELS.build(cfg)
    model.train()
    with pytest.raises(ValueError, match='token_head.in_channels=192'):
        model(**batch(model, 64), mode='loss')


@pytest.mark.parametrize('name', [pytest.param(name, marks=FULL_TIER) if 'pvt' in name
                                  else name for name in SMMIX_BACKBONES])
def test_runner_trains_and_reloads(name, tmp_path):
    cfg = digits_cfg(tmp_path, dict(_delete_=True, **smmix_model_cfg(name)),
                     size=SMMIX_BACKBONES[name]['size'], batch_size=7, train_size=14)
    cfg.experiment_name = f'smmix_{name}'
    runner = Runner.from_cfg(cfg)
    runner.train()
    assert math.isfinite(runner.message_hub.get_scalar('train/loss').current())
    cfg.load_from = osp.join(tmp_path, 'epoch_1.pth')
    cfg.experiment_name = f'smmix_{name}_test'
    metrics = Runner.from_cfg(cfg).test()
    assert 0 <= metrics['accuracy/top1'] <= 100
