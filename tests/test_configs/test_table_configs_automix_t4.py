"""AutoMix's arms of AutoMix Table 4 (DeiT-S, Swin-T, ConvNeXt-T) and SMMix Table 2
(DeiT-S, Swin-T; the same OpenMixup runs): the cells they claim, the AutoMix settings
and schedules pinned against OpenMixup's automix/{deit,swin,convnext} files, the
recipe shared with the recipe's other arms, and two training steps of each on tiny
generated data (the momentum update between them as AutoMixMomentumHook does it)."""
import copy
import functools
import math
import os.path as osp

import numpy as np
import pytest
import torch
from conftest import (REPO_ROOT, check_vit_data, config_training_steps, decay_free,
                      mmcv_lrs)
from mmengine.config import Config
from mmengine.registry import PARAM_SCHEDULERS

from mmrecmix.models.classifiers.automix_classifier import AutoMixClassifier
from mmrecmix.registry import HOOKS
from mmrecmix.zoo.coverage import matching_cells, read_cells

pytestmark = pytest.mark.stack_independent

TABLES = osp.join(REPO_ROOT, 'configs', 'tables')
CELLS = read_cells(osp.join(TABLES, 'paper_tables.csv'))
DEIT = 'automix-t4-automix/deit-small_4xb256-300e-automix_in1k.py'
SWIN = 'automix-t4-automix/swin-tiny_4xb256-300e-automix_in1k.py'
CONVNEXT = 'automix-t4-automix/convnext-tiny_16xb256-300e-automix_in1k.py'
# Each arm's sibling in its recipe (the Mixup arm) and what OpenMixup's AutoMix file
# sets: Mix Block channels, stage, how it reads the map, end momentum, encoder lr and
# warm-up start, encoder min lr.
ARMS = {
    DEIT: dict(sibling='smmix-t2/deit-small_4xb256-300e-mixup_in1k.py', channels=384,
               stage=5, feature='vit_tokens', end_momentum=0.99999, lr=1e-3,
               warmup=5, start=1e-5, min_lr=1e-5, gap=0.0152),
    SWIN: dict(sibling='smmix-t2/swin-tiny_4xb256-300e-mixup_in1k.py', channels=768,
               stage=2, feature='stage', end_momentum=0.99999, lr=1e-3,
               warmup=20, start=1e-5, min_lr=1e-5, gap=0.0621),
    CONVNEXT: dict(sibling='automix-t4-convnext/convnext-tiny_16xb256-300e-mixup_in1k.py',
                   channels=384, stage=2, feature='stage_blocks', end_momentum=0.99996,
                   lr=4e-3, warmup=20, start=1e-5, min_lr=1e-6, gap=0.0627),
}


@functools.lru_cache(maxsize=None)
def load(name: str) -> Config:
    return Config.fromfile(osp.join(TABLES, name))


def claimed(name: str) -> list:
    return sorted((CELLS[i]['paper'], CELLS[i]['table'], CELLS[i]['column'],
                   CELLS[i]['value'])
                  for entry in load(name).paper_rows for i in matching_cells(entry, CELLS)
                  if CELLS[i]['method'] == 'AutoMix')


def test_each_arm_claims_its_cells_and_smmix_t2_s_copies():
    """SMMix T2 rounds the same OpenMixup runs' numbers (80.78 -> 80.8)."""
    assert claimed(DEIT) == [('AutoMix', 'T4', 'DeiT-S', '80.78'),
                             ('SMMix', 'T2', 'DeiT-S', '80.8')]
    assert claimed(SWIN) == [('AutoMix', 'T4', 'Swin-T', '81.8'),
                             ('SMMix', 'T2', 'Swin-T', '81.8')]
    assert claimed(CONVNEXT) == [('AutoMix', 'T4', 'ConvNeXt-T', '82.28')]
    for name in ARMS:
        assert len(load(name).paper_rows) == len(claimed(name))


@pytest.mark.parametrize('name', sorted(ARMS))
def test_automix_settings_are_openmixups(name):
    cfg, arm = load(name), ARMS[name]
    model = cfg.model
    assert model.type == 'mmrecmix.AutoMixClassifier'
    assert (model.alpha, model.mixup_margin, model.mix_block_prob) == (2.0, 0.08, 0.8)
    assert model.mask_loss == dict(weight=0.1, margin=0.1, anneal='compounding_cosine')
    assert model.mix_block == dict(type='mmrecmix.AutoMixBlock', reduction=2,
                                   lam_concat=True, upsample='nearest',
                                   in_channels=arm['channels'])
    assert (model.mix_stage, model.mix_feature) == (arm['stage'], arm['feature'])
    assert model.get('test_encoder', 'momentum') == 'momentum'
    assert model.mix_head == model.head  # two heads of the recipe's kind
    assert model.head.loss == dict(type='LabelSmoothLoss', label_smooth_val=0.1,
                                   mode='original')
    (hook, ) = cfg.custom_hooks  # no EMA hook: the momentum encoder is evaluated
    assert hook == dict(type='mmrecmix.AutoMixMomentumHook', momentum=0.999,
                        end_momentum=arm['end_momentum'], constant_ratio=0.25)
    assert cfg.optim_wrapper.constructor == 'mmrecmix.GroupOptionsConstructor'
    assert cfg.optim_wrapper.paramwise_cfg.group_options == dict(mix_block=dict())
    assert cfg.optim_wrapper.optimizer.lr == arm['lr']  # the Mix Block's lr too
    assert 'bias' in decay_free(cfg) and 'norm' in decay_free(cfg)
    if name == DEIT:
        assert model.backbone.drop_path_rate == 0.1
        assert model.backbone.get('out_indices', -1) == -1
    if name == SWIN:
        assert (model.backbone.out_indices, model.backbone.out_after_downsample) == (
            (2, 3), True)
        assert cfg.model_wrapper_cfg == dict(find_unused_parameters=True)
    text = ' '.join(cfg.recipe_differences)
    for words in ('gamma decreased linearly to 0', "OpenMixup's switch_off 0.8",
                  'increased to 1 in a cosine curve'):
        assert words in text
    assert not any(line.startswith('fp32') or ' arm: ' in line
                   for line in cfg.recipe_differences)


def comparable(cfg: Config) -> dict:
    """The config without the mix and what the AutoMix files set on top of it."""
    merged = copy.deepcopy(cfg.to_dict())
    for key in ('paper_rows', 'recipe_differences', 'custom_hooks', 'param_scheduler',
                'model_wrapper_cfg', 'automix_model', 'automix_optim_wrapper',
                'automix_differences', 'automix_momentum_hook', 'mix_block_cosine',
                'batch_mean_differences'):
        merged.pop(key, None)
    merged['model'] = {k: v for k, v in merged['model'].items() if k in (
        'backbone', 'neck', 'head', 'init_cfg', 'data_preprocessor')}
    merged['optim_wrapper'].pop('constructor', None)
    merged['optim_wrapper']['paramwise_cfg'].pop('group_options', None)
    return merged


@pytest.mark.parametrize('name', sorted(ARMS))
def test_the_recipe_is_the_other_arms_but_for_the_automix_file_s_settings(name):
    ours, theirs = comparable(load(name)), comparable(load(ARMS[name]['sibling']))
    if name == DEIT:  # OpenMixup's AutoMix DeiT-S: drop path 0.1 (its mix file: 0)
        assert ours['model']['backbone'].pop('drop_path_rate') == 0.1
    if name == SWIN:  # the map the Mix Block reads
        assert ours['model']['backbone'].pop('out_indices') == (2, 3)
        assert ours['model']['backbone'].pop('out_after_downsample') is True
    if name == CONVNEXT:  # OpenMixup's AutoMix ConvNeXt-T: no decay on norms
        assert ours['optim_wrapper']['paramwise_cfg'].pop('norm_decay_mult') == 0.0
    assert ours == theirs
    if name != CONVNEXT:
        check_vit_data(load(name))


def lrs(cfg: Config, epoch_length: int, group: str) -> list:
    """The encoder's (``group=None``) or the Mix Block's lr at each iteration, a
    share of the base lr."""
    base_lr = cfg.optim_wrapper.optimizer.lr
    params = [torch.nn.Parameter(torch.zeros(1)) for _ in range(2)]
    optimizer = torch.optim.SGD(
        [dict(params=[params[0]], group_name=None),
         dict(params=[params[1]], group_name='mix_block')], lr=base_lr)
    schedulers = []
    for s in cfg.param_scheduler:
        s = dict(s)
        assert s.pop('convert_to_iter_based') and s.pop('by_epoch')
        kind = PARAM_SCHEDULERS.get(s.pop('type'))
        schedulers.append(kind.build_iter_from_epoch(optimizer, epoch_length=epoch_length,
                                                     **s))
    index = 1 if group == 'mix_block' else 0
    found = []
    for _ in range(cfg.train_cfg.max_epochs * epoch_length):
        found.append(optimizer.param_groups[index]['lr'] / base_lr)
        for scheduler in schedulers:
            scheduler.step()
    return found


@pytest.mark.parametrize('name', sorted(ARMS))
def test_schedules_against_openmixups(name):
    """Encoder: linear warm-up from ``start`` x lr per iteration, then the cosine to
    the min lr (within the gap recipe_differences states of mmcv's cosine over the
    whole run); Mix Block: mmcv's cosine by iteration from its lr to 1e-4 over the
    whole run, no warm-up (addtional_scheduler)."""
    cfg, arm = load(name), ARMS[name]
    epoch_length = 50  # as the recipe's other arms are checked
    encoder = np.array(lrs(cfg, epoch_length, None))
    theirs = np.array(mmcv_lrs(300, epoch_length, arm['warmup'], arm['start'],
                               arm['min_lr'] / arm['lr'], False))
    assert encoder[0] == pytest.approx(arm['start'])
    assert encoder[arm['warmup'] * epoch_length] == pytest.approx(1.0)
    assert encoder[-1] == pytest.approx(arm['min_lr'] / arm['lr'], rel=1e-2, abs=1e-6)
    assert np.abs(encoder - theirs).max() <= arm['gap']
    assert f'<= {arm["gap"] * 100:.1f}% of the lr apart' in ' '.join(
        cfg.recipe_differences)
    mix_block = np.array(lrs(cfg, epoch_length, 'mix_block'))
    total = 300 * epoch_length
    floor = 1e-4 / arm['lr']
    expected = [floor + 0.5 * (1 - floor) * (1 + math.cos(math.pi * t / total))
                for t in range(total)]
    np.testing.assert_allclose(mix_block, expected, rtol=1e-5, atol=1e-9)


# Tiny versions of each arm's backbone that keep the Mix Block's stage and channels.
TINY = {
    DEIT: (32, dict(img_size=32)),  # 2 x 2 patches, all 12 blocks
    SWIN: (64, dict(img_size=64, window_size=2,
                    arch=dict(embed_dims=96, depths=[1, 1, 1, 1],
                              num_heads=[3, 6, 12, 24]))),
    CONVNEXT: (64, dict(arch=dict(depths=[1, 1, 1, 1], channels=[96, 192, 384, 768]))),
}


@pytest.mark.parametrize('name', sorted(ARMS))
def test_two_training_steps(name, monkeypatch):
    """The config's model takes two SGD steps on generated images (conftest's
    config_training_steps); between them the momentum encoder is updated by the
    config's own AutoMixMomentumHook, as the Runner calls it after an iteration."""
    cfg = copy.deepcopy(load(name))
    size, backbone = TINY[name]
    cfg.model.backbone.update(backbone)
    hook = HOOKS.build(cfg.custom_hooks[0])
    loss = AutoMixClassifier.loss

    class Runner:
        iter, max_iters = 0, 2

    def loss_after_the_hook(model, inputs, data_samples):
        if model.steps_taken:
            Runner.model = model
            hook.after_train_iter(Runner, model.steps_taken - 1)
        return loss(model, inputs, data_samples)

    monkeypatch.setattr(AutoMixClassifier, 'loss', loss_after_the_hook)
    model, losses = config_training_steps(cfg, size, steps=2)
    assert set(losses) == {'loss_mix_block', 'loss_mask', 'loss_mix', 'loss_clean'}
    assert model.steps_taken == 2 and model.steps_updated == 1
    online = dict(model.backbone.named_parameters())
    moved = [not torch.equal(p, online[n]) for n, p in
             model.momentum_encoder['backbone'].named_parameters()]
    assert any(moved)  # the copy follows the first step at 0.999, no further
    channels = ARMS[name]['channels']
    with torch.no_grad():
        stage_map = model.momentum_stage_map(torch.zeros(2, 3, size, size))
    assert stage_map.shape[:2] == (2, channels)
