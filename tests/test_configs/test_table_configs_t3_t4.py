"""The AutoMix Table 3 arms beyond the "RSB" row (OpenMixup's RSB A2 / A3 runs of
Mixup, CutMix, Manifold Mixup, SaliencyMix, FMix, PuzzleMix and ResizeMix) and the
Table 4 arms beyond SMMix Table 2 (DeiT-S / Swin-T Mixup and CutMix; ConvNeXt-T in
OpenMixup's ConvNeXt recipe): the cells they claim, the mix arguments and the ConvNeXt
recipe pinned against OpenMixup's files, and one loss step per backbone."""
import copy
import functools
import glob
import os.path as osp

import numpy as np
import pytest
from conftest import (REPO_ROOT, check_vit_data, decay_free, iteration_lrs, mmcv_lrs,
                      table_loss_step)
from mmengine.config import Config

from mmrecmix.zoo.coverage import matching_cells, read_cells

TABLES = osp.join(REPO_ROOT, 'configs', 'tables')
CELLS = read_cells(osp.join(TABLES, 'paper_tables.csv'))
RSB_MIXES = {'mixup': 'Mixup', 'cutmix': 'CutMix', 'manifoldmixup': 'Manifold Mixup',
             'saliencymix': 'SaliencyMix', 'fmix': 'FMix', 'puzzlemix': 'PuzzleMix',
             'resizemix': 'ResizeMix'}
RSB_COLUMNS = {('rsb-a3', 'resnet50'): 'R-50 A3',
               ('rsb-a3', 'efficientnet-b0'): 'EffNet-B0 A3',
               ('rsb-a3', 'mobilenet-v2'): 'MobileNetV2 A3',
               ('rsb-a2', 'efficientnet-b0'): 'EffNet-B0 A2',
               ('rsb-a2', 'mobilenet-v2'): 'MobileNetV2 A2'}
RSB_ARMS = sorted(osp.relpath(p, TABLES) for folder in ('rsb-a2', 'rsb-a3')
                  for p in glob.glob(osp.join(TABLES, folder, '*.py'))
                  if not p.endswith('-rsb_in1k.py'))
CONVNEXT = 'automix-t4-convnext/convnext-tiny_16xb256-300e{}_in1k.py'
CONVNEXT_MIXES = {'-mixup-cutmix': 'Mixup + CutMix (DeiT recipe)', '-mixup': 'Mixup',
                  '-cutmix': 'CutMix', '-attentivemix-top6': 'AttentiveMix',
                  '-saliencymix': 'SaliencyMix', '-fmix': 'FMix', '-puzzlemix': 'PuzzleMix',
                  '-resizemix': 'ResizeMix'}
VIT_ARMS = {f'smmix-t2/{backbone}_4xb256-300e-{mix}_in1k.py': (method, column)
            for backbone, column in (('deit-small', 'DeiT-S'), ('swin-tiny', 'Swin-T'))
            for mix, method in (('mixup', 'Mixup'), ('cutmix', 'CutMix'))}


@functools.lru_cache(maxsize=None)
def load(name: str) -> Config:
    return Config.fromfile(osp.join(TABLES, name))


def arm_parts(name: str) -> tuple:
    """(folder, backbone, mix tag) of an arm's file name."""
    folder, base = name.split('/')
    backbone, rest = base.split('_', 1)
    return folder, backbone, rest.split('-', 2)[-1].rsplit('_', 1)[0]


def expected_rsb_cells() -> dict:
    """Every arm's one cell: (method, column) by the file name."""
    cells = {}
    for name in RSB_ARMS:
        folder, backbone, tag = arm_parts(name)
        cells[name] = (RSB_MIXES[tag], RSB_COLUMNS[(folder, backbone)])
    return cells


def claims(name: str) -> list:
    cfg = load(name)
    assert cfg.recipe_differences and all(isinstance(d, str)
                                          for d in cfg.recipe_differences)
    return [(CELLS[i]['paper'], CELLS[i]['table'], CELLS[i]['method'],
             CELLS[i]['column']) for entry in cfg.paper_rows
            for i in matching_cells(entry, CELLS)]


# ---------------------------------------------------------------- the cells

@pytest.mark.stack_independent
def test_table3_arms_cover_the_cells():
    """31 arms: every Mixup / CutMix / SaliencyMix / FMix / PuzzleMix / ResizeMix cell
    of the five columns, and Manifold Mixup on R-50 A3 (the EfficientNet-B0 and
    MobileNetV2 Manifold Mixup cells have no arm: FeatureMixClassifier finds no
    hidden stage on them, and OpenMixup's backbones take no mix arguments)."""
    expected = expected_rsb_cells()
    assert len(expected) == len(set(expected.values())) == 31
    t3 = {(c['method'], c['column']) for c in CELLS
          if (c['paper'], c['table']) == ('AutoMix', 'T3')
          and c['method'] in RSB_MIXES.values()}
    manifold = {('Manifold Mixup', column) for column in RSB_COLUMNS.values()
                if not column.startswith('R-50')}
    assert set(expected.values()) == t3 - manifold


@pytest.mark.stack_independent
@pytest.mark.parametrize('name', RSB_ARMS)
def test_table3_arm_claims_its_cell(name):
    method, column = expected_rsb_cells()[name]
    assert claims(name) == [('AutoMix', 'T3', method, column)]


T4_ARMS = {CONVNEXT.format(tag): (method, 'ConvNeXt-T')
           for tag, method in CONVNEXT_MIXES.items()}
T4_ARMS.update(VIT_ARMS)


@pytest.mark.stack_independent
def test_convnext_folder_holds_the_table4_arms():
    folder = glob.glob(osp.join(TABLES, 'automix-t4-convnext', '*.py'))
    assert sorted(osp.relpath(p, TABLES) for p in folder) == sorted(
        CONVNEXT.format(tag) for tag in CONVNEXT_MIXES)


@pytest.mark.stack_independent
@pytest.mark.parametrize('name', sorted(T4_ARMS))
def test_table4_arm_claims_its_cell(name):
    method, column = T4_ARMS[name]
    assert claims(name) == [('AutoMix', 'T4', method, column)]


# ---------------------------------------------------------------- the mixes

@pytest.mark.stack_independent
@pytest.mark.parametrize('name', RSB_ARMS)
def test_rsb_mix_arguments_are_openmixups(name):
    """OpenMixup's mixups README, RSB table: alpha 0.2, but 1 for PuzzleMix and
    ResizeMix; the mix_args of its rsb_a2 / rsb_a3 files."""
    model = load(name).model
    tag = arm_parts(name)[2]
    augments = (model.get('train_cfg') or {}).get('augments')
    if tag in ('mixup', 'cutmix'):
        assert dict(augments) == dict(type=RSB_MIXES[tag], alpha=0.2)
    elif tag == 'manifoldmixup':
        assert (model.type, dict(model.feature_mix), tuple(model.mix_stages)) == (
            'mmrecmix.FeatureMixClassifier', dict(type='Mixup', alpha=0.2), (0, 1, 2))
    elif tag == 'saliencymix':
        assert dict(augments) == dict(type='mmrecmix.SaliencyMix', alpha=0.2,
                                      per_image=False, saliency='fine_grained')
    elif tag == 'fmix':
        assert dict(augments) == dict(type='mmrecmix.FMix', alpha=0.2, decay_power=3.0,
                                      max_soft=0.0, spectrum='reference')
        assert any("spectrum='reference'" in d for d in load(name).recipe_differences)
    elif tag == 'resizemix':
        assert (augments.type, tuple(augments.scale), augments.interpolation) == (
            'mmrecmix.ResizeMix', (0.1, 0.8), 'nearest')
        assert any('alpha 1' in d for d in load(name).recipe_differences)
    else:
        mix = model.mix
        assert (model.type, mix.type, mix.alpha, tuple(mix.block_nums), mix.t_size,
                mix.beta, mix.gamma, mix.eta, mix.neigh_size, mix.n_labels,
                mix.t_eps) == ('mmrecmix.GuidedMixClassifier', 'mmrecmix.PuzzleMix',
                               1.0, (2, 4, 8), -1, 1.2, 0.5, 0.2, 4, 3, 0.8)
        # OpenMixup's RSB head is multi-label: each sample's own lambda.
        assert model.get('label_weighting', 'per_sample') == 'per_sample'


@pytest.mark.stack_independent
def test_rsb_a3_fmix_records_its_mask_size():
    for name in RSB_ARMS:
        if name.startswith('rsb-a3/') and name.endswith('-fmix_in1k.py'):
            assert any('160 px' in d for d in load(name).recipe_differences), name


@pytest.mark.stack_independent
def test_rsb_a2_arms_record_their_stochastic_depth():
    for name in (n for n in RSB_ARMS if n.startswith('rsb-a2/')):
        assert any(d.startswith('stochastic depth 0 (AutoMix Table 12, RSB A2: 0.05)')
                   for d in load(name).recipe_differences), name


@pytest.mark.stack_independent
def test_table4_mix_arguments_are_openmixups():
    """The DeiT-setting alphas of OpenMixup's mixups README (0.2, PuzzleMix and
    ResizeMix 1), DeiT's 0.8 / 1.0 switch, and the batch-mean label weight of
    OpenMixup's ConvNeXt head (ClsMixupHead, multi_label False) on the guided arms."""
    def augments(name):
        return load(name).model.train_cfg.augments

    for name, (method, _) in VIT_ARMS.items():
        assert dict(augments(name)) == dict(type=method, alpha=0.2)
    switch = load(CONVNEXT.format('-mixup-cutmix')).model.train_cfg
    assert [dict(a) for a in switch.augments] == [dict(type='Mixup', alpha=0.8),
                                                  dict(type='CutMix', alpha=1.0)]
    assert switch.probs == [0.5, 0.5]
    for tag in ('-mixup', '-cutmix'):
        assert dict(augments(CONVNEXT.format(tag))) == dict(type=CONVNEXT_MIXES[tag],
                                                            alpha=0.2)
    assert dict(augments(CONVNEXT.format('-saliencymix'))) == dict(
        type='mmrecmix.SaliencyMix', alpha=0.2, per_image=False, saliency='fine_grained')
    assert dict(augments(CONVNEXT.format('-fmix'))) == dict(
        type='mmrecmix.FMix', alpha=0.2, decay_power=3.0, max_soft=0.0,
        spectrum='reference')
    resize = augments(CONVNEXT.format('-resizemix'))
    assert (tuple(resize.scale), resize.interpolation) == ((0.1, 0.8), 'nearest')
    puzzle = load(CONVNEXT.format('-puzzlemix'))
    assert (puzzle.model.mix.type, puzzle.model.mix.alpha) == ('mmrecmix.PuzzleMix', 1.0)
    attentive = load(CONVNEXT.format('-attentivemix-top6'))
    assert (attentive.model.mix.type, attentive.model.mix.top_k) == (
        'mmrecmix.AttentiveMix', 6)
    for cfg in (puzzle, attentive):
        assert cfg.model.label_weighting == 'batch_mean'
        assert any("label_weighting='batch_mean'" in d for d in cfg.recipe_differences)
    for tag in ('-mixup', '-cutmix', '-saliencymix', '-fmix', '-resizemix'):
        assert load(CONVNEXT.format(tag)).model.get('label_weighting') is None


# ---------------------------------------------------------------- the ConvNeXt recipe

@pytest.mark.stack_independent
def test_convnext_recipe_is_openmixups():
    """OpenMixup v0.2.0 convnext_tiny_smooth_mix_8xb256_accu2_ema_fp16.py: ConvNeXt-T
    drop path 0.1, layer scale 1e-6, GAP before the last norm; 4096 a step, AdamW
    4e-3, wd 0.05 on all but biases, no clipping; EMA 0.9999; 300 epochs; the Swin
    pipeline (swin_sz224_4xbs256.py)."""
    cfg = load(CONVNEXT.format('-mixup'))
    backbone = cfg.model.backbone
    assert (backbone.type, backbone.arch, backbone.drop_path_rate) == (
        'ConvNeXt', 'tiny', 0.1)
    # mmpretrain's defaults: layer scale 1e-6, pooling before the last norm.
    assert 'layer_scale_init_value' not in backbone
    assert 'gap_before_final_norm' not in backbone
    assert cfg.model.get('neck') is None and cfg.model.head.in_channels == 768
    opt = cfg.optim_wrapper.optimizer
    assert (opt.type, opt.lr, opt.weight_decay, opt.eps, opt.betas) == (
        'AdamW', 4e-3, 0.05, 1e-8, (0.9, 0.999))
    assert cfg.optim_wrapper.paramwise_cfg == dict(bias_decay_mult=0.0)
    assert decay_free(cfg) == {'bias'}
    assert cfg.optim_wrapper.get('clip_grad') is None
    assert (cfg.train_dataloader.batch_size, cfg.auto_scale_lr.base_batch_size) == (
        256, 4096)
    assert cfg.train_cfg.max_epochs == 300
    (ema, ) = [h for h in cfg.custom_hooks if h.type == 'EMAHook']
    assert 1 - ema.momentum == pytest.approx(0.9999)  # mmengine: 1 - decay
    without_ema = copy.deepcopy(cfg)  # check_vit_data pins no EMA (DeiT-S, Swin-T)
    without_ema.custom_hooks = [h for h in cfg.custom_hooks if h.type != 'EMAHook']
    check_vit_data(without_ema)


@pytest.mark.stack_independent
def test_convnext_schedule_against_openmixups():
    """20 warm-up epochs from 1e-5 x lr per iteration, cosine per iteration to 1e-5,
    within the gap recipe_differences states of mmcv's formula (v0.2.0's file)."""
    cfg = load(CONVNEXT.format('-mixup'))
    epoch_length, warmup, gap = 20, 20, 0.0626
    ours = np.array(iteration_lrs(cfg, epoch_length))
    theirs = np.array(mmcv_lrs(300, epoch_length, warmup, 1e-5, 1e-5 / 4e-3, False))
    assert ours[0] == pytest.approx(theirs[0]) == pytest.approx(1e-5)
    assert ours[warmup * epoch_length] == pytest.approx(1.0)
    assert np.abs(ours - theirs).max() <= gap
    assert f'<= {gap * 100:.1f}% of the lr apart' in ' '.join(cfg.recipe_differences)


# ---------------------------------------------------------------- models

@pytest.mark.parametrize('name, size, backbone', [
    ('rsb-a3/resnet50_4xb512-100e-manifoldmixup_in1k.py', (64, 48), {}),
    ('rsb-a3/efficientnet-b0_4xb512-100e-fmix_in1k.py', (64, 48), {}),
    ('rsb-a2/mobilenet-v2_8xb256-300e-saliencymix_in1k.py', (64, 48), {}),
    # ConvNeXt-T's widths, one block a stage (the step test's time); PuzzleMix's
    # blocks need a side that 8 blocks of 4-pixel multiples divide.
    (CONVNEXT.format('-puzzlemix'), (64, 64),
     dict(arch=dict(depths=[1, 1, 1, 1], channels=[96, 192, 384, 768]))),
], ids=lambda v: v if isinstance(v, str) else '')
def test_one_loss_step_per_backbone(name, size, backbone):
    """One new arm per new backbone-and-mix pairing builds (1000 classes) and takes a
    mixed loss step on a tiny batch (DeiT-S and Swin-T, whose new arms are
    plain Mixup or CutMix: test_table_configs_smmix_rsb.py)."""
    model, _ = table_loss_step(name, size, **backbone)
    assert model.head.num_classes == 1000
