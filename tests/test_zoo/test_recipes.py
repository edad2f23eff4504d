"""Training recipes: the channel order the network sees, the arms of each comparison
identical but for the mix, the papers' values pinned, and the recipe tables current."""
import functools
import glob
import os.path as osp
import subprocess
import sys

import numpy as np
import pytest
import torch
from conftest import FULL_TIER, REPO_ROOT, epoch_lrs, neutral_pipeline
from mmengine.config import Config

import mmrecmix  # noqa: F401
from mmrecmix.registry import MODELS
from mmrecmix.zoo.config_loading import load_configs
from mmrecmix.zoo.recipe import augmentation, lr_schedule, mix
from mmrecmix.zoo.recipe_table import (ARM_NAME, PRETRAIN_FAMILIES,
                                       TABLES_FAMILY, arm_name, recipe_bases)

pytestmark = pytest.mark.stack_independent

CONFIGS = osp.join(REPO_ROOT, 'configs')
PRETRAIN_CONFIGS = sorted(
    osp.relpath(path, CONFIGS) for family in PRETRAIN_FAMILIES + ('demo', )
    for path in glob.glob(osp.join(CONFIGS, family, '*.py')))
TABLE_CONFIGS = sorted(osp.relpath(path, CONFIGS) for path in glob.glob(
    osp.join(CONFIGS, TABLES_FAMILY, '*', '*.py')))


def one_per_recipe_base() -> list:
    """A config of each recipe base of configs/tables/ (the baseline where there is
    one): the arms share the base's pipelines."""
    arms = {}
    for name in TABLE_CONFIGS:
        parts = ARM_NAME.match(osp.basename(name))
        base = tuple(recipe_bases(osp.join(CONFIGS, name))) or (
            parts['backbone'] if parts else name)
        arms.setdefault((osp.dirname(name), base), []).append(
            (parts is None or parts['mix'] is not None, name))
    return sorted(min(names)[1] for names in arms.values())


@functools.lru_cache(maxsize=None)
def load(name: str) -> Config:
    """The config, loaded once per session (the tests only read it)."""
    return load_configs([osp.join(CONFIGS, name)])[0]


# ---------------------------------------------------------------- colour order

# Datasets whose images arrive RGB (CIFAR's arrays, the digits); the others are decoded
# from files by OpenCV, BGR.
RGB_DATASETS = ('CIFAR10', 'CIFAR100', 'Digits')
PIXEL_RGB = (210, 120, 30)  # distinct R, G, B values
def network_input(cfg: Config, pipeline, image: np.ndarray) -> torch.Tensor:
    """The centre pixel's channels as the network gets them: pipeline, then the
    config's data preprocessor."""
    packed = neutral_pipeline(pipeline)(dict(img=image.copy(), img_shape=image.shape[:2],
                                             ori_shape=image.shape[:2]))
    preprocessor = dict(cfg.model.get('data_preprocessor') or cfg.data_preprocessor)
    preprocessor.setdefault('type', 'ClsDataPreprocessor')
    inputs = MODELS.build(preprocessor)(
        dict(inputs=[packed['inputs']], data_samples=[packed['data_samples']]),
        False)['inputs']
    return inputs[0, :, inputs.size(2) // 2, inputs.size(3) // 2]


def dataset_type(cfg: Config) -> str:
    return cfg.train_dataloader.dataset.type.split('.')[-1]


@pytest.mark.parametrize('name', PRETRAIN_CONFIGS + one_per_recipe_base())
def test_train_and_test_deliver_rgb(name):
    """One image with distinct B, G, R values, through each pipeline and the data
    preprocessor: train and test give the network the same channels, in RGB order
    (the order the test-time normalisation and every pretrained model assume)."""
    cfg = load(name)
    rgb = np.array(PIXEL_RGB, dtype=np.uint8)
    native = rgb if dataset_type(cfg) in RGB_DATASETS else rgb[::-1]
    image = np.broadcast_to(native, (48, 64, 3)).copy()
    train = network_input(cfg, cfg.train_dataloader.dataset.pipeline, image)
    test = network_input(cfg, cfg.test_dataloader.dataset.pipeline, image)
    preprocessor = cfg.model.get('data_preprocessor') or cfg.data_preprocessor
    mean = torch.tensor(preprocessor.get('mean', [0.0] * 3))
    std = torch.tensor(preprocessor.get('std', [1.0] * 3))
    expected = (torch.tensor(PIXEL_RGB, dtype=torch.float) - mean) / std
    torch.testing.assert_close(train, test, atol=2e-2, rtol=0)
    torch.testing.assert_close(train, expected, atol=2e-2, rtol=0)


# ---------------------------------------------------------------- arms of a comparison

# Keys that make a mix: everything else must be identical across the arms, but for a
# Cutout step in the training pipeline, a label-smoothing loss of the head, and what
# the config says about itself (the numbers it claims; its departures from the
# source, which name the arm's own, e.g. where mmpretrain's Cutout places its hole).
MIX_KEYS = ('type', 'train_cfg', 'consistency', 'mix', 'guide', 'relabel', 'token_head',
            'label_smoothing', 'feature_mix', 'mix_stages', 'label_weighting',
            'clean_loss')
ARM_NOTES = ('paper_rows', 'recipe_differences')


def is_cutout(step) -> bool:
    return isinstance(step, dict) and str(step.get('type', '')).split('.')[-1] == 'Cutout'


def without_cutout(pipeline: list) -> list:
    return [step for step in pipeline if not is_cutout(step)]


def smooths_labels(model: dict) -> bool:
    loss = (model.get('head') or {}).get('loss') or {}
    return (str(loss.get('type', '')).split('.')[-1] == 'LabelSmoothLoss'
            or loss.get('label_smooth_val', 0) > 0)


def without_mix(cfg: Config, drop_head_loss: bool = False) -> dict:
    merged = {k: v for k, v in cfg.to_dict().items() if k not in ARM_NOTES}
    merged['model'] = {k: v for k, v in merged['model'].items() if k not in MIX_KEYS}
    if drop_head_loss:
        merged['model']['head'] = {k: v for k, v in merged['model']['head'].items()
                                   if k != 'loss'}
    if 'train_pipeline' in merged:
        merged['train_pipeline'] = without_cutout(merged['train_pipeline'])
    dataset = merged['train_dataloader']['dataset']
    while dataset:  # through dataset wrappers
        if 'pipeline' in dataset:
            dataset['pipeline'] = without_cutout(dataset['pipeline'])
        dataset = dataset.get('dataset')
    return merged


def assert_same_but_the_mix(name: str, reference_name: str):
    cfg, reference = load(name), load(reference_name)
    # A label-smoothing arm differs from its baseline in the head's loss alone.
    drop_loss = smooths_labels(cfg.model) != smooths_labels(reference.model)
    arm, base = without_mix(cfg, drop_loss), without_mix(reference, drop_loss)
    differing = sorted(key for key in set(arm) | set(base)
                       if arm.get(key) != base.get(key))
    assert not differing, f'{name} differs from {reference_name} in {differing}'


def table_comparisons() -> dict:
    """The arms of each folder of configs/tables/, by backbone, schedule and dataset
    (the baseline first, where there is one)."""
    groups = {}
    for name in TABLE_CONFIGS:
        parts = ARM_NAME.match(osp.basename(name))
        if parts:
            key = (f'{osp.dirname(name)}/{parts["backbone"]}_{parts["schedule"]}_'
                   f'{parts["dataset"]}')
            groups.setdefault(key, []).append((parts['mix'] is not None, name))
    return {key: [name for _, name in sorted(arms)]
            for key, arms in groups.items() if len(arms) > 1}


COMPARISONS = {
    'imagenet': ['imagenet/resnet50_8xb64-300e_in1k.py',
                 'imagenet/resnet50_8xb64-300e-mixup_in1k.py',
                 'imagenet/resnet50_8xb64-300e-cutmix_in1k.py',
                 'imagenet/resnet50_8xb64-300e-recursivemix_in1k.py'],
    'pvt': ['pvt/pvtv2-b1_8xb64-300e_in1k.py', 'pvt/pvtv2-b1_8xb64-300e-mixup_in1k.py',
            'pvt/pvtv2-b1_8xb64-300e-cutmix_in1k.py',
            'pvt/pvtv2-b1_8xb64-300e-recursivemix_in1k.py'],
    'deit-tiny': ['deit/deit-tiny_4xb256-cutmix_in1k.py',
                  'deit/deit-tiny_4xb256-smmix_in1k.py'],
    'deit-small': ['deit/deit-small_4xb256-cutmix_in1k.py',
                   'deit/deit-small_4xb256-smmix_in1k.py'],
    **{f'cifar{n}': [f'cifar/resnet18_2xb64-200e{arm}_cifar{n}.py'
                     for arm in ('', '-mixup', '-cutmix', '-recursivemix')]
       for n in (10, 100)},
    **table_comparisons(),
}


@pytest.mark.parametrize('family', sorted(COMPARISONS))
def test_arms_differ_only_in_the_mix(family):
    first, *others = COMPARISONS[family]
    for name in others:
        assert_same_but_the_mix(name, first)


def test_table_configs_are_named_as_arms():
    """configs/tables/<recipe>/<backbone>_<gpus>xb<batch>-<epochs>e[-<mix>]_<dataset>.py,
    so that the arms test above finds every arm's comparison."""
    misnamed = [name for name in TABLE_CONFIGS if not ARM_NAME.match(osp.basename(name))]
    assert not misnamed, misnamed


def test_deit_classification_losses_smooth_alike():
    """Both arms smooth by 0.1 in the head's loss (GuidedMixClassifier applies the
    head's loss to the SMMix targets); the SMMix arm does not smooth a second time."""
    cutmix = load('deit/deit-small_4xb256-cutmix_in1k.py')
    smmix = load('deit/deit-small_4xb256-smmix_in1k.py')
    assert cutmix.model.head.loss == smmix.model.head.loss == dict(
        type='LabelSmoothLoss', label_smooth_val=0.1, mode='original')
    assert smmix.model.get('label_smoothing', 0) == 0


# ---------------------------------------------------------------- the papers' values

def test_imagenet_resnet50_recipe():
    """RecursiveMix Sec. 4.2 and the authors' main.py (--aug_plus, --warmup 5)."""
    cfg = load('imagenet/resnet50_8xb64-300e-recursivemix_in1k.py')
    assert cfg.train_cfg.max_epochs == 300
    assert (cfg.train_dataloader.batch_size, cfg.auto_scale_lr.base_batch_size) == (64, 512)
    opt = cfg.optim_wrapper.optimizer
    assert (opt.type, opt.lr, opt.momentum, opt.weight_decay) == ('SGD', 0.2, 0.9, 1e-4)
    assert not cfg.optim_wrapper.get('paramwise_cfg')  # decay on every parameter
    assert cfg.model.backbone.zero_init_residual is False
    assert cfg.model.head.loss.type == 'CrossEntropyLoss'  # no label smoothing
    lighting = [s for s in cfg.train_dataloader.dataset.pipeline if s.type == 'Lighting'][0]
    assert (lighting.alphastd, lighting.to_rgb) == (0.1, False)
    jitter = [s for s in cfg.train_dataloader.dataset.pipeline if s.type == 'ColorJitter'][0]
    assert (jitter.brightness, jitter.contrast, jitter.saturation) == (0.4, 0.4, 0.4)
    assert cfg.model.train_cfg.augments.alpha == 0.5
    assert cfg.model.consistency.omega == 0.5


def authors_warmup_factors(warmup=5):
    """The authors' per-epoch warm-up: lr = base * e / (warmup + 1), e = 1..warmup."""
    return [e / (warmup + 1) for e in range(1, warmup + 1)]


@pytest.mark.parametrize('name', ['imagenet/resnet50_8xb64-300e_in1k.py',
                                  'cifar/resnet18_2xb64-200e_cifar10.py'])
def test_warmup_is_the_authors_per_epoch_ramp(name):
    lrs = epoch_lrs(load(name), 7)
    np.testing.assert_allclose(lrs[:5], authors_warmup_factors(), rtol=1e-6)
    np.testing.assert_allclose(lrs[5], 1.0, rtol=1e-6)
    assert lrs[6] < 1.0  # cosine from there


def test_cifar_recipe():
    """RecursiveMix Sec. 4.1, 200-epoch setting; CutMix's CIFAR probability 0.5."""
    cfg = load('cifar/resnet18_2xb64-200e-recursivemix_cifar100.py')
    assert cfg.train_cfg.max_epochs == 200
    assert (cfg.train_dataloader.batch_size, cfg.auto_scale_lr.base_batch_size) == (64, 128)
    opt = cfg.optim_wrapper.optimizer
    assert (opt.type, opt.lr, opt.momentum, opt.weight_decay) == ('SGD', 0.1, 0.9, 5e-4)
    assert cfg.model.backbone.zero_init_residual is False
    assert (cfg.model.train_cfg.augments.alpha, cfg.model.consistency.omega) == (0.5, 0.1)
    assert cfg.model.head.num_classes == cfg.model.consistency.num_classes == 100
    # The authors normalise CIFAR-100 with CIFAR-10's statistics.
    cifar10 = load('cifar/resnet18_2xb64-200e_cifar10.py').data_preprocessor
    assert cfg.data_preprocessor.mean == cifar10.mean
    assert cfg.data_preprocessor.std == cifar10.std
    cutmix = load('cifar/resnet18_2xb64-200e-cutmix_cifar100.py').model.train_cfg.augments
    assert (cutmix.alpha, cutmix.prob) == (1.0, 0.5)


@pytest.mark.parametrize('arch', ['tiny', 'small'])
def test_deit_recipe_is_smmix_code(arch):
    """ChenMnZ/SMMix main.py defaults: drop path 0.1, 5 warm-up epochs from 1e-6,
    cosine to 1e-5, lr 5e-4 x 1024 / 512, no clipping, no random erasing."""
    for method in ('cutmix', 'smmix'):
        cfg = load(f'deit/deit-{arch}_4xb256-{method}_in1k.py')
        assert cfg.train_cfg.max_epochs == 300
        assert cfg.model.backbone.drop_path_rate == 0.1
        assert cfg.optim_wrapper.get('clip_grad') is None
        opt = cfg.optim_wrapper.optimizer
        assert (opt.type, opt.lr, opt.weight_decay, opt.eps) == ('AdamW', 1e-3, 0.05, 1e-8)
        assert (cfg.train_dataloader.batch_size, cfg.auto_scale_lr.base_batch_size) == (
            256, 1024)
        kinds = [s.type for s in cfg.train_dataloader.dataset.pipeline]
        assert 'RandomErasing' not in kinds and 'RandAugment' in kinds
        lrs = epoch_lrs(cfg, 7)
        timm_warmup = [1e-6 + e * (1e-3 - 1e-6) / 5 for e in range(5)]
        np.testing.assert_allclose(np.array(lrs[:6]) * 1e-3, timm_warmup + [1e-3],
                                   rtol=1e-6)
        assert 'cosine to 1e-05' in lr_schedule(cfg)
    smmix = load(f'deit/deit-{arch}_4xb256-smmix_in1k.py').model
    assert (smmix.mix.smmix_prob, smmix.mix.mixup_alpha) == (0.5, 0.8)
    cutmix = load(f'deit/deit-{arch}_4xb256-cutmix_in1k.py').model.train_cfg.augments
    assert [(a.type, a.alpha) for a in cutmix] == [('Mixup', 0.8), ('CutMix', 1.0)]


def test_pvt_recipe():
    """RecursiveMix Sec. 4.2: AdamW 5e-4, wd 0.05, 8 x 64, label smoothing, erasing;
    PVTv2-B1's drop path 0.1."""
    cfg = load('pvt/pvtv2-b1_8xb64-300e-recursivemix_in1k.py')
    opt = cfg.optim_wrapper.optimizer
    assert (opt.type, opt.lr, opt.weight_decay) == ('AdamW', 5e-4, 0.05)
    assert (cfg.train_dataloader.batch_size, cfg.auto_scale_lr.base_batch_size) == (64, 512)
    assert cfg.model.backbone.drop_path_rate == 0.1
    assert cfg.model.head.loss.label_smooth_val == 0.1
    assert 'RandomErasing' in [s.type for s in cfg.train_dataloader.dataset.pipeline]
    assert (cfg.model.train_cfg.augments.alpha, cfg.model.consistency.omega) == (0.5, 0.5)


@FULL_TIER
@pytest.mark.parametrize('name', ['transfer/upernet_r50_adamw_80k_ade20k_mmrecmix.py',
                                  'transfer/pspnet_r50_adamw_80k_ade20k_mmrecmix.py'])
def test_ade20k_r50_recipe_is_the_authors(name):
    """The authors' UperNet logs: AdamW lr 1e-4, wd 1e-4, poly 0.9 to 0, 80k, 16
    images per step."""
    cfg = load(name)
    opt = cfg.optim_wrapper.optimizer
    assert (opt.type, opt.lr, opt.weight_decay) == ('AdamW', 1e-4, 1e-4)
    (poly, ) = cfg.param_scheduler
    assert (poly.type, poly.power, poly.eta_min, poly.end) == ('PolyLR', 0.9, 0.0, 80000)
    assert cfg.train_cfg.max_iters == 80000
    assert cfg.train_dataloader.batch_size * 4 == 16


@FULL_TIER
def test_atss_r50_recipe_is_the_authors():
    """The authors' ATSS log: SGD 0.01, wd 1e-4, 500 linear warm-up iterations, steps
    at 8 and 11 of 12 epochs."""
    cfg = load('transfer/atss_r50_fpn_1x_coco_mmrecmix.py')
    opt = cfg.optim_wrapper.optimizer
    assert (opt.type, opt.lr, opt.momentum, opt.weight_decay) == ('SGD', 0.01, 0.9, 1e-4)
    assert cfg.train_cfg.max_epochs == 12
    assert lr_schedule(cfg) == ('linear from 0.001 (0-500 it); steps at [8, 11] '
                                '(0-12 ep)')


# ---------------------------------------------------------------- the recipe tables

def test_recipe_words_for_feature_mixes_cutout_and_shared_names():
    feature = Config(dict(
        model=dict(type='mmrecmix.FeatureMixClassifier', mix_stages=(0, 2),
                   feature_mix=dict(type='mmrecmix.CutMix', alpha=1.0)),
        train_dataloader=dict(dataset=dict(pipeline=[
            dict(type='RandomFlip', prob=0.5), dict(type='Cutout', shape=(8, 16))]))))
    assert mix(feature) == 'CutMix(alpha 1) on one of input, stage 2 (feature mix)'
    assert augmentation(feature) == 'flip, Cutout 8x16 p0.5'  # mmpretrain's prob
    assert augmentation(feature, with_cutout=False) == 'flip'
    resize = Config(dict(model=dict(train_cfg=dict(
        augments=[dict(type='mmrecmix.ResizeMix'), dict(type='ResizeMix', alpha=1.0)],
        probs=[0.3, 0.7]))))
    assert mix(resize) == ('ResizeMix [mmrecmix] / ResizeMix(alpha 1) [mmpretrain], '
                           'drawn with p 0.3/0.7')


def test_arm_names():
    assert arm_name('tables/c/pyramidnet200_2xb32-300e-cutout-lbs_cifar100.py') == dict(
        backbone='pyramidnet200', schedule='2xb32-300e', mix='cutout-lbs',
        dataset='cifar100')
    assert arm_name('wrn28-8_1xb100-400e_cifar100.py')['mix'] is None
    with pytest.raises(ValueError, match='<backbone>_<gpus>xb<batch>-<epochs>e'):
        arm_name('deit-small_4xb256-cutmix_in1k.py')  # no epochs


@FULL_TIER
def test_recipe_tables_are_current():
    result = subprocess.run(
        [sys.executable, osp.join(REPO_ROOT, 'tools', 'analysis', 'recipe_table.py'),
         '--check'], cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]


def test_automix_recipes():
    """AutoMix's reference configs (OpenMixup automix/basic r18 CIFAR-100, r50 ImageNet
    100 epochs) and the paper's 800 CIFAR epochs."""
    cifar = load('automix/resnet18_1xb100-800e-automix_cifar100.py')
    assert cifar.train_cfg.max_epochs == 800
    assert cifar.train_dataloader.batch_size == 100 and cifar.auto_scale_lr.base_batch_size == 100
    assert dict(cifar.optim_wrapper.optimizer) == dict(
        type='SGD', lr=0.1, momentum=0.9, weight_decay=1e-4)
    assert [(s.type, s.eta_min) for s in cifar.param_scheduler] == [
        ('CosineAnnealingLR', 0.05)]
    assert cifar.train_pipeline[0].padding_mode == 'reflect'
    assert cifar.data_preprocessor.mean == [125.307, 122.961, 113.8575]
    imagenet = load('automix/resnet50_4xb64-100e-automix_in1k.py')
    assert imagenet.train_cfg.max_epochs == 100 and imagenet.auto_scale_lr.base_batch_size == 256
    assert [(tuple(s.get('groups') or ()), s.eta_min) for s in imagenet.param_scheduler] == [
        ((), 0.0), (('mix_block', ), 1e-3)]
    assert imagenet.optim_wrapper.paramwise_cfg.group_options == dict(
        mix_block=dict(momentum=0.9))
    for cfg, lam_concat, anneal, end in ((cifar, False, None, 0.999999),
                                         (imagenet, True, 'compounding_cosine', 0.99999)):
        model = cfg.model
        assert (model.alpha, model.mix_stage, model.mixup_margin) == (2.0, 2, 0.08)
        assert model.backbone.out_indices == (2, 3)
        assert model.mix_block.lam_concat is lam_concat
        assert model.mix_block.upsample == 'nearest'
        assert dict(model.mask_loss) == dict(weight=0.1, margin=0.1, anneal=anneal)
        hook, = cfg.custom_hooks
        assert (hook.momentum, hook.end_momentum, hook.constant_ratio) == (0.999, end, 0.1)
