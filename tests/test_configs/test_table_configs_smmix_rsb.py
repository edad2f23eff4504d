"""The paper-table configs of SMMix Table 2 (OpenMixup's DeiT setting, DeiT-S and
Swin-T; AutoMix Table 4 reports the same runs) and of the RSB recipe (AutoMix
Table 3, OpenMixup's RSB A2 / A3): every recipe number pinned against its source,
the mix arguments, the switch of RandomBatchAugment, the schedules against
OpenMixup's (mmcv) formula, every paper_rows entry against the transcribed tables,
and one loss step per backbone on a tiny input."""
import functools
import glob
import os.path as osp

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from conftest import (REPO_ROOT, check_vit_data, decay_free, iteration_lrs, mmcv_lrs,
                      pipeline_step, table_loss_step)
from mmengine.config import Config
from mmpretrain.models.utils.batch_augments import RandomBatchAugment
from mmpretrain.structures import DataSample

import mmrecmix  # noqa: F401
from mmrecmix.registry import MODELS
from mmrecmix.zoo.coverage import matching_cells, read_cells

pytestmark = pytest.mark.stack_independent

TABLES = osp.join(REPO_ROOT, 'configs', 'tables')
CELLS = read_cells(osp.join(TABLES, 'paper_tables.csv'))
FOLDERS = ('smmix-t2', 'rsb-a2', 'rsb-a3')
ARMS = sorted(osp.relpath(path, TABLES) for folder in FOLDERS
              for path in glob.glob(osp.join(TABLES, folder, '*.py')))
DEIT_ARMS = sorted(osp.relpath(p, osp.join(REPO_ROOT, 'configs'))
                   for p in glob.glob(osp.join(REPO_ROOT, 'configs', 'deit', '*.py')))
MIX_KEYS = ('type', 'train_cfg', 'mix', 'guide', 'relabel', 'token_head', 'label_smoothing')
VIT_ARMS = ('', '-mixup-cutmix', '-saliencymix', '-fmix', '-resizemix')
# The arms of the "RSB" row (the other Table 3 rows: test_table_configs_t3_t4.py).
RSB_ARMS = [n for n in ARMS if n.startswith('rsb-') and n.endswith('-rsb_in1k.py')]


def load(name: str) -> Config:
    return Config.fromfile(osp.join(TABLES, name))


def vit_arm(backbone: str, arm: str) -> str:
    return f'smmix-t2/{backbone}_4xb256-300e{arm}_in1k.py'


# ---------------------------------------------------------------- the tables

@pytest.mark.parametrize('name', ARMS + [f'../{n}' for n in DEIT_ARMS])
def test_paper_rows_match_the_tables(name):
    cfg = load(name)
    assert cfg.recipe_differences and all(isinstance(d, str)
                                          for d in cfg.recipe_differences)
    for entry in cfg.paper_rows:
        assert matching_cells(entry, CELLS), f'{name}: {entry} matches no row'


@functools.lru_cache(maxsize=None)
def claimed(name: str) -> list:
    """(paper, table, method, column, value) of every cell the config claims."""
    return sorted((CELLS[i]['paper'], CELLS[i]['table'], CELLS[i]['method'],
                   CELLS[i]['column'], CELLS[i]['value'])
                  for entry in load(name).paper_rows
                  for i in matching_cells(entry, CELLS))


def test_smmix_table2_cells_and_their_configs():
    """Every SMMix T2 cell of the issue's methods, and SMMix's own, has one config
    (the numbers as transcribed; OpenMixup's unrounded ones in AutoMix T4)."""
    expected = {
        ('Baseline', 'DeiT-S'): ('smmix-t2/deit-small_4xb256-300e_in1k.py', '75.7'),
        ('Baseline', 'Swin-T'): ('smmix-t2/swin-tiny_4xb256-300e_in1k.py', '80.2'),
        ('Mixup + CutMix (DeiT recipe)', 'DeiT-S'): (vit_arm('deit-small', VIT_ARMS[1]),
                                                     '79.8'),
        ('Mixup + CutMix (DeiT recipe)', 'Swin-T'): (vit_arm('swin-tiny', VIT_ARMS[1]),
                                                     '81.2'),
        ('SaliencyMix', 'DeiT-S'): (vit_arm('deit-small', '-saliencymix'), '79.9'),
        ('SaliencyMix', 'Swin-T'): (vit_arm('swin-tiny', '-saliencymix'), '81.4'),
        ('FMix', 'DeiT-S'): (vit_arm('deit-small', '-fmix'), '77.4'),
        ('FMix', 'Swin-T'): (vit_arm('swin-tiny', '-fmix'), '79.6'),
        ('ResizeMix', 'DeiT-S'): (vit_arm('deit-small', '-resizemix'), '78.6'),
        ('ResizeMix', 'Swin-T'): (vit_arm('swin-tiny', '-resizemix'), '81.4'),
        ('SMMix', 'DeiT-S'): ('../deit/deit-small_4xb256-smmix_in1k.py', '81.1'),
        ('SMMix', 'Swin-T'): ('smmix-t2/swin-tiny_4xb256-300e-smmix_in1k.py', '81.8'),
    }
    for (method, column), (name, value) in expected.items():
        assert ('SMMix', 'T2', method, column, value) in claimed(name), name
    # AutoMix T4: the same OpenMixup runs, unrounded.
    unrounded = {'-saliencymix': ('SaliencyMix', '79.88', '81.37'),
                 '-fmix': ('FMix', '77.37', '79.6'),
                 '-resizemix': ('ResizeMix', '78.61', '81.36'),
                 '-mixup-cutmix': ('Mixup + CutMix (DeiT recipe)', '79.8', '81.28')}
    for arm, (method, deit, swin) in unrounded.items():
        assert ('AutoMix', 'T4', method, 'DeiT-S', deit) in claimed(
            vit_arm('deit-small', arm))
        assert ('AutoMix', 'T4', method, 'Swin-T', swin) in claimed(
            vit_arm('swin-tiny', arm))


def test_rsb_rows_are_automix_table3():
    """AutoMix Table 3 is the table run with the RSB recipe; its "RSB" row has five
    cells (R-50 A3, EfficientNet-B0 and MobileNetV2 A2 / A3), one config each."""
    rsb = [c for c in CELLS if c['method'] == 'Mixup + CutMix (RSB recipe)']
    assert {(c['paper'], c['table']) for c in rsb} == {('AutoMix', 'T3')}
    assert 'RSB' in {c['dataset'] for c in rsb}.pop()
    seen = sorted(cell for name in RSB_ARMS for cell in claimed(name))
    assert [(c[3], c[4]) for c in seen] == sorted(
        (c['column'], c['value']) for c in rsb)


# ---------------------------------------------------------------- arms of a table

def without_mix(cfg: Config) -> dict:
    merged = cfg.to_dict()
    merged.pop('paper_rows')
    merged['model'] = {k: v for k, v in merged['model'].items() if k not in MIX_KEYS}
    return merged


@pytest.mark.parametrize('backbone', ['deit-small', 'swin-tiny'])
def test_vit_arms_differ_only_in_the_mix(backbone):
    arms = [vit_arm(backbone, arm) for arm in VIT_ARMS]
    if backbone == 'swin-tiny':
        arms.append(vit_arm(backbone, '-smmix'))
    reference = without_mix(load(arms[0]))
    for name in arms[1:]:
        assert without_mix(load(name)) == reference, name


@pytest.mark.parametrize('stage', ['a2', 'a3'])
def test_rsb_arms_differ_only_in_backbone_and_mix(stage):
    arms = sorted(n for n in RSB_ARMS if n.startswith(f'rsb-{stage}/'))
    assert len(arms) == (3 if stage == 'a3' else 2)
    merged = []
    for name in arms:
        cfg = without_mix(load(name))
        cfg.pop('recipe_differences')  # names the arm's OpenMixup file
        cfg['model'].pop('backbone')
        cfg['model']['head'].pop('in_channels')
        merged.append(cfg)
    assert all(m == merged[0] for m in merged[1:])


# ---------------------------------------------------------------- recipe numbers

def test_deit_small_recipe_is_openmixups():
    """deit_small_smooth_mix_4xb256_fp16.py: AdamW 1e-3 / 1024, wd 0.05, clip 5,
    drop path 0, 5 warm-up epochs from 1e-5, cosine to 1e-5, 300 epochs."""
    cfg = load(vit_arm('deit-small', ''))
    assert (cfg.model.backbone.arch, cfg.model.backbone.get('drop_path_rate', 0.0)) == (
        'deit-small', 0.0)
    assert cfg.model.head.type == 'VisionTransformerClsHead'
    opt = cfg.optim_wrapper.optimizer
    assert (opt.type, opt.lr, opt.weight_decay, opt.eps, opt.betas) == (
        'AdamW', 1e-3, 0.05, 1e-8, (0.9, 0.999))
    assert {'norm', 'bias', 'cls_token', 'pos_embed'} <= decay_free(cfg)
    assert cfg.optim_wrapper.clip_grad == dict(max_norm=5.0)
    assert (cfg.train_dataloader.batch_size, cfg.auto_scale_lr.base_batch_size) == (
        256, 1024)
    assert cfg.train_cfg.max_epochs == 300
    check_vit_data(cfg)


def test_swin_tiny_recipe_is_openmixups():
    """swin_tiny_smooth_mix_4xb256_fp16.py: Swin-T drop path 0.2, AdamW 1e-3 / 1024,
    wd 0.05, clip 5, 20 warm-up epochs from 1e-6, cosine to 1e-5, 300 epochs."""
    cfg = load(vit_arm('swin-tiny', ''))
    backbone = cfg.model.backbone
    assert (backbone.type, backbone.arch, backbone.img_size,
            backbone.drop_path_rate) == ('SwinTransformer', 'tiny', 224, 0.2)
    assert (cfg.model.neck.type, cfg.model.head.in_channels) == ('GlobalAveragePooling',
                                                                 768)
    opt = cfg.optim_wrapper.optimizer
    assert (opt.type, opt.lr, opt.weight_decay, opt.eps, opt.betas) == (
        'AdamW', 1e-3, 0.05, 1e-8, (0.9, 0.999))
    assert {'norm', 'bias', 'absolute_pos_embed',
            'relative_position_bias_table'} <= decay_free(cfg)
    assert cfg.optim_wrapper.clip_grad == dict(max_norm=5.0)
    assert (cfg.train_dataloader.batch_size, cfg.auto_scale_lr.base_batch_size) == (
        256, 1024)
    assert cfg.train_cfg.max_epochs == 300
    check_vit_data(cfg)


@pytest.mark.parametrize('stage', ['a2', 'a3'])
def test_rsb_recipe_is_openmixups(stage):
    """OpenMixup's rsb_{a2,a3} configs, RSB Table 1: LAMB 5e-3 / 8e-3, wd 0.02,
    2048 a step, 300 / 100 epochs, crop 224 / 160, RandAugment m7 / m6 std 0.5,
    repeated aug in A2 only, BCE without smoothing, no erasing, no clipping."""
    lr, epochs, crop, magnitude, batch, sampler = {
        'a2': (5e-3, 300, 224, 7, 256, 'RepeatAugSampler'),
        'a3': (8e-3, 100, 160, 6, 512, 'DefaultSampler')}[stage]
    for name in (n for n in ARMS if n.startswith(f'rsb-{stage}/')):
        cfg = load(name)
        opt = cfg.optim_wrapper.optimizer
        assert (opt.type, opt.lr, opt.weight_decay) == ('Lamb', lr, 0.02)
        assert {'norm', 'bias'} <= decay_free(cfg)
        assert cfg.optim_wrapper.get('clip_grad') is None
        assert (cfg.train_dataloader.batch_size, cfg.auto_scale_lr.base_batch_size) == (
            batch, 2048)
        assert cfg.train_cfg.max_epochs == epochs
        assert cfg.train_dataloader.sampler.type == sampler
        assert pipeline_step(cfg, 'RandomResizedCrop').scale == crop
        rand = pipeline_step(cfg, 'RandAugment')
        assert (rand.policies, rand.magnitude_level, rand.magnitude_std) == (
            'timm_increasing', magnitude, 0.5)
        kinds = [s.type for s in cfg.train_dataloader.dataset.pipeline]
        assert 'RandomErasing' not in kinds
        resize, center = cfg.test_dataloader.dataset.pipeline[1:3]
        assert (resize.scale, center.crop_size) == (236, 224)  # crop ratio 0.95
        assert cfg.model.head.loss == dict(type='CrossEntropyLoss', loss_weight=1.0,
                                           use_sigmoid=True)
        assert not cfg.model.backbone.get('drop_path_rate')
        if 'resnet50' in name:
            assert cfg.model.backbone.norm_cfg.type == 'SyncBN'  # OpenMixup's R-50
        else:
            assert cfg.model.backbone.get('norm_cfg', dict(type='BN'))['type'] == 'BN'


# ---------------------------------------------------------------- mixes

def augments(name: str) -> dict:
    return load(name).model.train_cfg


def test_vit_mix_arguments():
    """OpenMixup's per-method arguments (deit_small/*.py, its mixups README table)."""
    for backbone in ('deit-small', 'swin-tiny'):
        assert load(vit_arm(backbone, '')).model.train_cfg is None
        deit = augments(vit_arm(backbone, '-mixup-cutmix'))
        assert [dict(a) for a in deit.augments] == [dict(type='Mixup', alpha=0.8),
                                                    dict(type='CutMix', alpha=1.0)]
        assert deit.probs == [0.5, 0.5]
        assert dict(augments(vit_arm(backbone, '-saliencymix')).augments) == dict(
            type='mmrecmix.SaliencyMix', alpha=0.2, per_image=False,
            saliency='fine_grained')
        assert dict(augments(vit_arm(backbone, '-fmix')).augments) == dict(
            type='mmrecmix.FMix', alpha=0.2, decay_power=3.0, max_soft=0.0,
            spectrum='reference')
        resize = augments(vit_arm(backbone, '-resizemix')).augments
        assert (resize.type, tuple(resize.scale), resize.interpolation) == (
            'mmrecmix.ResizeMix', (0.1, 0.8), 'nearest')
    smmix = load(vit_arm('swin-tiny', '-smmix')).model
    assert (smmix.type, smmix.train_cfg, smmix.get('label_smoothing', 0)) == (
        'mmrecmix.GuidedMixClassifier', None, 0)
    assert smmix.head.loss.label_smooth_val == 0.1
    assert (smmix.mix.smmix_prob, smmix.mix.mixup_alpha) == (0.5, 0.8)
    assert dict(smmix.token_head) == dict(in_channels=768, num_classes=1000)


@pytest.mark.parametrize('name', RSB_ARMS)
def test_rsb_mix_arguments(name):
    """RSB A2 / A3: Mixup 0.1, CutMix 1.0, switched 50/50 per batch."""
    rsb = augments(name)
    assert [dict(a) for a in rsb.augments] == [dict(type='Mixup', alpha=0.1),
                                               dict(type='CutMix', alpha=1.0)]
    assert rsb.probs == [0.5, 0.5]


@pytest.mark.parametrize('name, mixup_alpha', [
    (vit_arm('deit-small', '-mixup-cutmix'), 0.8),
    ('rsb-a3/resnet50_4xb512-100e-rsb_in1k.py', 0.1)])
def test_random_batch_augment_switches_half_and_half(name, mixup_alpha):
    """mmpretrain's RandomBatchAugment with the config's augments does timm's batch
    mode: Mixup or CutMix per batch, probability 0.5 each, never unmixed, one lambda
    per batch, Beta(alpha, alpha) for Mixup, CutMix's lambda corrected to the pasted
    area (non-square inputs). Which mix ran is read off the same random streams."""
    batch_augment = RandomBatchAugment(**load(name).model.train_cfg)
    assert batch_augment.probs == [0.5, 0.5, 0.0]  # the third choice: no mix
    mixup, cutmix, _ = batch_augment.augments
    assert (type(mixup).__name__, mixup.alpha) == ('Mixup', mixup_alpha)
    assert (type(cutmix).__name__, cutmix.alpha, cutmix.correct_lam) == (
        'CutMix', 1.0, True)
    np.random.seed(0)
    torch.manual_seed(0)
    inputs = torch.rand(6, 3, 12, 20)
    scores = F.one_hot(torch.arange(6), 6).float()
    chosen, mixup_lams = [], []
    for _ in range(200):
        numpy_state, torch_state = np.random.get_state(), torch.random.get_rng_state()
        mixed, mixed_scores = batch_augment(inputs.clone(), scores)
        np.random.set_state(numpy_state)
        torch.random.set_rng_state(torch_state)
        chosen.append(np.random.choice(3, p=batch_augment.probs))
        lam = float(np.random.beta(1.0 if chosen[-1] else mixup_alpha,
                                   1.0 if chosen[-1] else mixup_alpha))
        index = torch.randperm(6)
        torch.testing.assert_close(mixed_scores.sum(1), torch.ones(6))
        own = mixed_scores[torch.arange(6), torch.arange(6)]
        moved = index != torch.arange(6)
        if chosen[-1] == 0:
            mixup_lams.append(lam)
            torch.testing.assert_close(mixed, lam * inputs + (1 - lam) * inputs[index])
            torch.testing.assert_close(own[moved], torch.full_like(own[moved], lam))
        else:
            pasted = (mixed != inputs).any(1).flatten(1).float().mean(1)
            from_partner = (mixed == inputs[index]) | (mixed == inputs)
            assert bool(from_partner.all())
            torch.testing.assert_close(own[moved], 1 - pasted[moved])
            assert torch.allclose(own[moved], own[moved][:1])  # one box per batch
    assert 2 not in chosen
    assert abs(np.mean(chosen) - 0.5) < 0.11  # 3.1 standard deviations
    var = 1 / (4 * (2 * mixup_alpha + 1))  # Beta(a, a): mean 1/2, var 1 / (4 (2a + 1))
    assert abs(np.mean(mixup_lams) - 0.5) < 0.1
    assert abs(np.var(mixup_lams) - var) < 0.05


def test_label_smoothing_on_the_mixed_target_is_timms():
    """The DeiT arms' LabelSmoothLoss on lam y_a + (1 - lam) y_b equals the cross
    entropy with timm's mixup_target (each one-hot smoothed to 1 - 0.1 + 0.1 / K and
    0.1 / K, then mixed)."""
    head = MODELS.build(dict(load(vit_arm('deit-small', '-mixup-cutmix')).model.head,
                             num_classes=5, in_channels=4))
    logits = torch.tensor([[2.0, -1.0, 0.5, 0.0, 1.0], [0.1, 0.2, -0.3, 1.5, -2.0]])
    lam = 0.3
    y_a, y_b = F.one_hot(torch.tensor([0, 3]), 5).float(), F.one_hot(
        torch.tensor([2, 1]), 5).float()
    samples = [DataSample().set_gt_score(s) for s in lam * y_a + (1 - lam) * y_b]
    loss = head._get_loss(logits, samples)['loss']

    def timm_one_hot(y):
        return y * (1 - 0.1 + 0.1 / 5) + (1 - y) * 0.1 / 5

    target = lam * timm_one_hot(y_a) + (1 - lam) * timm_one_hot(y_b)
    expected = -(target * F.log_softmax(logits, 1)).sum(1).mean()
    torch.testing.assert_close(loss, expected)


def test_rsb_bce_sums_classes_and_averages_the_batch():
    """OpenMixup's RSB head (ClsMixupHead, multi_label, CrossEntropyLoss use_sigmoid,
    avg_factor N) and mmpretrain's: BCE on the soft mixed target, summed over the
    classes and divided by the batch size."""
    head_cfg = load('rsb-a3/resnet50_4xb512-100e-rsb_in1k.py').model.head
    head = MODELS.build(dict(head_cfg, num_classes=4, in_channels=3))
    logits = torch.tensor([[1.0, -2.0, 0.5, 0.0], [0.3, 0.1, -1.0, 2.0],
                           [-0.5, 0.5, 1.5, -1.5]])
    target = torch.tensor([[0.7, 0.3, 0.0, 0.0], [0.0, 0.0, 0.95, 0.05],
                           [0.0, 1.0, 0.0, 0.0]])
    samples = [DataSample().set_gt_score(t) for t in target]
    loss = head._get_loss(logits, samples)['loss']
    p = torch.sigmoid(logits)
    expected = -(target * p.log() + (1 - target) * (1 - p).log()).sum() / 3
    torch.testing.assert_close(loss, expected)


# ---------------------------------------------------------------- schedules

@pytest.mark.parametrize('name, warmup, ratio, min_lr, by_epoch, gap', [
    (vit_arm('deit-small', ''), 5, 1e-5, 1e-5 / 1e-3, False, 0.0152),
    (vit_arm('swin-tiny', ''), 20, 1e-6, 1e-5 / 1e-3, False, 0.0621),
    ('rsb-a2/efficientnet-b0_8xb256-300e-rsb_in1k.py', 5, 1e-5, 1e-6 / 5e-3, True,
     0.0153),
    ('rsb-a3/resnet50_4xb512-100e-rsb_in1k.py', 5, 1e-5, 1e-6 / 8e-3, True, 0.0467)])
def test_schedule_against_openmixups(name, warmup, ratio, min_lr, by_epoch, gap):
    """The same warm-up (start, length, per iteration), the same floor, and the
    cosine within the gap stated in recipe_differences of OpenMixup's. (mmengine's
    LinearLR reaches the full lr one iteration before mmcv's warm-up does: 1/250 of
    the lr here, 1/6255 with ImageNet's 1251 iterations an epoch.)"""
    cfg = load(name)
    epoch_length = 50
    ours = np.array(iteration_lrs(cfg, epoch_length))
    theirs = np.array(mmcv_lrs(cfg.train_cfg.max_epochs, epoch_length, warmup, ratio,
                               min_lr, by_epoch))
    assert ours[0] == pytest.approx(theirs[0]) == pytest.approx(ratio)
    assert ours[warmup * epoch_length] == pytest.approx(1.0)
    assert np.abs(ours - theirs).max() <= gap
    assert min_lr <= ours[warmup * epoch_length:].min() < min_lr + 1e-3
    assert f'<= {gap * 100:.1f}% of the lr apart' in ' '.join(cfg.recipe_differences)


# ---------------------------------------------------------------- models

@pytest.mark.parametrize('name, size, backbone', [
    (vit_arm('deit-small', '-fmix'), (64, 48), dict(img_size=(64, 48))),
    (vit_arm('swin-tiny', '-smmix'), (128, 128), dict(img_size=128, window_size=4)),
    ('rsb-a3/resnet50_4xb512-100e-rsb_in1k.py', (64, 48), {}),
    ('rsb-a3/efficientnet-b0_4xb512-100e-rsb_in1k.py', (64, 48), {}),
    ('rsb-a2/mobilenet-v2_8xb256-300e-rsb_in1k.py', (64, 48), {}),
], ids=lambda v: v if isinstance(v, str) else '')
def test_one_loss_step_per_backbone(name, size, backbone):
    """Each backbone of these tables builds from its config (1000 classes) and takes
    a mixed loss step on a tiny batch, non-square but for Swin-T's SMMix (a 4x4 last
    grid, 128 px with 4x4 windows instead of 224 px with 7x7)."""
    model, losses = table_loss_step(name, size, **backbone)
    if name.endswith('-smmix_in1k.py'):
        assert {'loss', 'loss_fine'} <= set(losses)
    assert model.head.num_classes == 1000


@pytest.mark.parametrize('name', [vit_arm(b, a) for b in ('deit-small', 'swin-tiny')
                                  for a in VIT_ARMS[2:]])
def test_mmrecmix_mix_arms_build_and_mix(name):
    """The mmrecmix mixes of the arms build from the configs' arguments and mix a
    non-square batch into soft labels that sum to 1."""
    batch_augment = RandomBatchAugment(**load(name).model.train_cfg)
    torch.manual_seed(0)
    np.random.seed(0)
    inputs = torch.randn(4, 3, 40, 56)
    scores = F.one_hot(torch.tensor([0, 1, 2, 3]), 10).float()
    mixed, mixed_scores = batch_augment(inputs.clone(), scores)
    assert mixed.shape == inputs.shape
    torch.testing.assert_close(mixed_scores.sum(1), torch.ones(4))
    step = batch_augment.augments[0].last_step  # prob 1: every batch is mixed
    # One lambda per batch, so OpenMixup's batch-mean label weight is the same.
    assert isinstance(step['lam'], float)
    lam, moved = step['lam'], step['index'] != torch.arange(4)
    assert 0 <= lam <= 1  # one lambda for the batch: the share of the own image
    torch.testing.assert_close(mixed_scores.diagonal()[moved],
                               torch.full((int(moved.sum()), ), lam))


@pytest.mark.parametrize('name', [vit_arm(b, a) for b in ('deit-small', 'swin-tiny')
                                  for a in ('-puzzlemix', '-attentivemix',
                                            '-attentivemix-top6')])
def test_guided_vit_arms_weight_labels_by_the_batch_mean(name):
    """OpenMixup's ViT heads (VisionTransformerClsHead, ClsMixupHead with
    multi_label False) weight a batch-mean loss by the (N, 1) lambda; its ResNet
    configs (ClsMixupHead, multi_label True) mix each sample's labels by its own."""
    cfg = load(name)
    assert cfg.model.type == 'mmrecmix.GuidedMixClassifier'
    assert cfg.model.label_weighting == 'batch_mean'
    assert any("label_weighting='batch_mean'" in d for d in cfg.recipe_differences)
    resnet = load('automix-t2-in1k/resnet50_4xb64-300e-puzzlemix_in1k.py').model
    assert resnet.get('label_weighting', 'per_sample') == 'per_sample'
