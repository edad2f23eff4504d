"""The paper-table configs of AutoMix Table 1 (CIFAR-10/100, Tiny-ImageNet) and Table 2
(ImageNet-1k, PyTorch-style, 100 and 300 epochs): every recipe number pinned against
the OpenMixup configs the numbers were run with, the schedules epoch by epoch against
OpenMixup's (mmcv) cosine, each mix against AutoMix appendix A.1 / OpenMixup's
benchmark tables, every ``paper_rows`` entry against the transcribed tables, each
backbone's channels, each augment on a non-square batch, and one loss per distinct
feature-mix / AutoMix model on a tiny input."""
import glob
import json
import math
import os.path as osp
import re
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest
import torch
from conftest import REPO_ROOT, config_training_steps, epoch_lrs
from mmengine.config import Config
from mmengine.registry import PARAM_SCHEDULERS
from mmpretrain.registry import BATCH_AUGMENTS
from mmpretrain.structures import DataSample

import mmrecmix  # noqa: F401
from mmrecmix.registry import MODELS
from mmrecmix.zoo.coverage import matching_cells, read_cells

pytestmark = pytest.mark.stack_independent

CONFIGS = osp.join(REPO_ROOT, 'configs')
CELLS = read_cells(osp.join(CONFIGS, 'tables', 'paper_tables.csv'))

# Mixup arms (baseline and model-free mixes) and AutoMix arms, one folder per recipe.
MIX_FOLDERS = ('automix-t1-cifar', 'automix-t1-cifar-wrn', 'automix-t1-tiny',
               'automix-t2-in1k')
AUTOMIX_FOLDERS = tuple(f'{folder}-automix' for folder in MIX_FOLDERS)
MIX_ARMS = sorted(osp.relpath(p, CONFIGS) for folder in MIX_FOLDERS
                  for p in glob.glob(osp.join(CONFIGS, 'tables', folder, '*.py')))
AUTOMIX_ARMS = sorted(
    [osp.relpath(p, CONFIGS) for folder in AUTOMIX_FOLDERS
     for p in glob.glob(osp.join(CONFIGS, 'tables', folder, '*.py'))]
    + ['automix/resnet18_1xb100-800e-automix_cifar100.py',
       'automix/resnet50_4xb64-100e-automix_in1k.py'])
ALL_ARMS = MIX_ARMS + AUTOMIX_ARMS

NAME = re.compile(r'(?P<backbone>[a-z0-9-]+)_(?P<gpus>\d+)xb(?P<batch>\d+)-'
                  r'(?P<epochs>\d+)e(?:-(?P<mix>[a-z0-9-]+))?'
                  r'_(?P<dataset>[a-z0-9-]+)\.py')
METHOD_OF_MIX = {None: 'Baseline', 'mixup': 'Mixup', 'cutmix': 'CutMix',
                 'manifoldmixup': 'Manifold Mixup', 'saliencymix': 'SaliencyMix',
                 'fmix': 'FMix', 'resizemix': 'ResizeMix', 'automix': 'AutoMix',
                 'puzzlemix': 'PuzzleMix', 'comixup': 'Co-Mixup'}
COLUMN_OF_BACKBONE = {'resnet18': 'R-18', 'resnet34': 'R-34', 'resnet50': 'R-50',
                      'resnet101': 'R-101', 'resnext101-32x4d': 'RX-101',
                      'resnext50-32x4d': 'RX-50', 'wrn28-8': 'WRN-28-8'}
PREFIX_OF_DATASET = {'cifar10': 'C10', 'cifar100': 'C100', 'tiny-imagenet': 'Tiny'}


@contextmanager
def cached_package_lookups():
    """mmengine reads every model-index metafile of mmpretrain for each
    ``mmpretrain::`` base it resolves; the files do not change, so read each once."""
    import mmengine.config.utils as config_utils
    original = config_utils.load
    cache = {}

    def load(path, *args, **kwargs):
        key = (str(path), args, tuple(sorted(kwargs.items())))
        if key not in cache:
            cache[key] = original(path, *args, **kwargs)
        return cache[key]

    config_utils.load = load
    try:
        yield
    finally:
        config_utils.load = original


@lru_cache(maxsize=None)
def load(name: str) -> Config:
    with cached_package_lookups():
        return Config.fromfile(osp.join(CONFIGS, name))


def parts(name: str) -> dict:
    match = NAME.fullmatch(osp.basename(name))
    assert match, f'{name}: not <backbone>_<gpus>xb<batch>-<epochs>e[-<mix>]_<data>.py'
    found = match.groupdict()
    found.update(gpus=int(found['gpus']), batch=int(found['batch']),
                 epochs=int(found['epochs']))
    return found


def the_column(name: str) -> tuple:
    """(table, column) of the arm, from its file name."""
    arm = parts(name)
    backbone = COLUMN_OF_BACKBONE[arm['backbone']]
    if arm['dataset'] == 'in1k':
        return 'T2', f'{arm["epochs"]}ep {backbone}'
    return 'T1', f'{PREFIX_OF_DATASET[arm["dataset"]]} {backbone}'


def steps(pipeline, kind: str) -> list:
    return [dict(s) for s in pipeline if s['type'] == kind]


# ---------------------------------------------------------------- the tables' rows

def epoch_table_entries(name: str) -> list:
    """The 800-epoch cell of AutoMix Table 13 / 14 that a CIFAR R-18 / RX-50 arm
    claims too (the same run; tests/test_configs/test_table_configs_epochs.py)."""
    arm = parts(name)
    table = {'cifar10': 'T13', 'cifar100': 'T14'}.get(arm['dataset'])
    backbone = COLUMN_OF_BACKBONE[arm['backbone']]
    if table is None or backbone not in ('R-18', 'RX-50') or (
            table == 'T13' and arm['mix'] == 'comixup'):  # T13 has no Co-Mixup line
        return []
    return [dict(paper='AutoMix', table=table, method=METHOD_OF_MIX[arm['mix']],
                 column=f'{backbone} 800ep')]


def momentum_pipeline_entries(name: str) -> list:
    """The "(none)" cell of AutoMix Table 10 that the R-18 Mixup / CutMix arms of
    CIFAR-100 and of ImageNet at 100 epochs claim too (the same values; Tiny's differ:
    tests/test_configs/test_table_configs_automix_t10.py)."""
    arm = parts(name)
    column = {('cifar100', 800): 'C100', ('in1k', 100): 'IN-1k'}.get(
        (arm['dataset'], arm['epochs']))
    if column is None or arm['backbone'] != 'resnet18' or arm['mix'] not in (
            'mixup', 'cutmix'):
        return []
    return [dict(paper='AutoMix', table='T10', group='(none)',
                 method=METHOD_OF_MIX[arm['mix']], column=column)]


@pytest.mark.parametrize('name', ALL_ARMS)
def test_paper_rows_are_the_arm_s_cell(name):
    """One entry, matching rows of the csv, naming the arm's method and column (and
    the CIFAR arms' 800-epoch cell of Table 13 / 14, and the Table 10 "(none)" cell
    of four R-18 arms)."""
    cfg = load(name)
    entry, *other_entries = cfg.paper_rows
    table, column = the_column(name)
    assert entry == dict(paper='AutoMix', table=table,
                         method=METHOD_OF_MIX[parts(name)['mix']], column=column)
    assert other_entries == epoch_table_entries(name) + momentum_pipeline_entries(name)
    for claimed in cfg.paper_rows:
        assert matching_cells(claimed, CELLS), f'{name}: {claimed} matches no row'
    assert isinstance(cfg.recipe_differences, list) and all(
        isinstance(d, str) for d in cfg.recipe_differences)


def test_every_runnable_cell_has_exactly_one_config():
    """Tables 1 and 2: each cell is claimed once."""
    claimed = {}
    for name in ALL_ARMS:
        for entry in load(name).paper_rows:
            if entry['table'] not in ('T1', 'T2'):
                continue  # Tables 13 / 14: test_table_configs_epochs.py
            for index in matching_cells(entry, CELLS):
                assert index not in claimed, f'{name} and {claimed[index]}: one cell'
                claimed[index] = name
    cells = {i for i, cell in enumerate(CELLS)
             if cell['paper'] == 'AutoMix' and cell['table'] in ('T1', 'T2')}
    assert set(claimed) == cells
    assert len(claimed) == 70 + 81 == 151


# ---------------------------------------------------------------- the recipes

# OpenMixup's configs behind the numbers (configs/classification/...): optimizer,
# schedule, batch. CIFAR: cifar{10,100}/mixups/basic/{r18,rx50}_mixups_CE_none.py at
# 800 epochs (the paper, its ..._ep800.py configs); WRN: cifar100/mixups/basic/
# wrn28_8_mixups_CE_none.py (400 epochs, OpenMixup's WRN-28-8 column); Tiny:
# tiny_imagenet/mixups/basic/{r18,rx50}_mixups_CE_none.py; ImageNet:
# imagenet/mixups/basic/*_mixups_CE_none_4xb64.py (100 or 300 epochs).
OPENMIXUP_RECIPES = {
    'automix-t1-cifar': dict(lr=0.1, weight_decay=1e-4, batch=100, total=100),
    'automix-t1-cifar-wrn': dict(lr=0.03, weight_decay=1e-3, batch=100, total=100),
    'automix-t1-tiny': dict(lr=0.2, weight_decay=1e-4, batch=100, total=100),
    'automix-t2-in1k': dict(lr=0.1, weight_decay=1e-4, batch=64, total=256),
}
EPOCHS = {'automix-t1-cifar': (800, ), 'automix-t1-cifar-wrn': (400, ),
          'automix-t1-tiny': (400, ), 'automix-t2-in1k': (100, 300)}
# x 255: CIFAR-10's statistics (OpenMixup normalises CIFAR-100 with them too) and
# ImageNet's.
CIFAR_MEAN, CIFAR_STD = [125.307, 122.961, 113.8575], [51.5865, 50.847, 51.255]
IMAGENET_MEAN, IMAGENET_STD = [123.675, 116.28, 103.53], [58.395, 57.12, 57.375]
# Backbones: OpenMixup's type and arguments -> ours.
BACKBONES = {
    'resnet18': dict(type='ResNet', depth=18),
    'resnet34': dict(type='ResNet', depth=34),
    'resnet50': dict(type='ResNet', depth=50),
    'resnet101': dict(type='ResNet', depth=101),
    'resnext101-32x4d': dict(type='ResNeXt', depth=101, groups=32, width_per_group=4),
}
CIFAR_BACKBONES = {
    'resnet18': dict(type='ResNet_CIFAR', depth=18),
    'resnext50-32x4d': dict(type='mmrecmix.ResNeXt_CIFAR', depth=50, groups=32,
                            width_per_group=4),
    'wrn28-8': dict(type='mmrecmix.WideResNet', depth=28, widen_factor=8),
}
FINAL_CHANNELS = {'resnet18': 512, 'resnet34': 512, 'wrn28-8': 512}  # others 2048
NUM_CLASSES = {'cifar10': 10, 'cifar100': 100, 'tiny-imagenet': 200, 'in1k': 1000}


def folder_of(name: str) -> str:
    return name.split('/')[1]


@pytest.mark.parametrize('name', MIX_ARMS)
def test_recipe_is_openmixup_s(name):
    cfg, arm = load(name), parts(name)
    recipe = OPENMIXUP_RECIPES[folder_of(name)]
    assert arm['epochs'] in EPOCHS[folder_of(name)]
    assert dict(cfg.optim_wrapper.optimizer) == dict(
        type='SGD', lr=recipe['lr'], momentum=0.9, weight_decay=recipe['weight_decay'])
    assert not cfg.optim_wrapper.get('paramwise_cfg')  # decay on every parameter
    assert cfg.optim_wrapper.get('clip_grad') is None
    (cosine, ) = cfg.param_scheduler  # no warm-up
    assert (cosine.type, cosine.eta_min, cosine.T_max, cosine.by_epoch, cosine.begin,
            cosine.end) == ('CosineAnnealingLR', 0.0, arm['epochs'], True, 0,
                            arm['epochs'])
    assert (cfg.train_cfg.max_epochs, cfg.train_cfg.val_interval) == (arm['epochs'], 1)
    assert cfg.train_dataloader.batch_size == recipe['batch'] == arm['batch']
    assert cfg.auto_scale_lr.base_batch_size == recipe['total'] == (
        arm['gpus'] * arm['batch'])
    head = cfg.model.head
    assert head.loss == dict(type='CrossEntropyLoss', loss_weight=1.0)
    assert head.num_classes == NUM_CLASSES[arm['dataset']] == (
        cfg.data_preprocessor.num_classes)  # the one-hot labels the mixes blend
    assert head.in_channels == FINAL_CHANNELS.get(arm['backbone'], 2048)
    backbones = BACKBONES if arm['dataset'] == 'in1k' else CIFAR_BACKBONES
    backbone = cfg.model.backbone
    assert {k: backbone[k] for k in backbones[arm['backbone']]} == backbones[
        arm['backbone']]
    # OpenMixup's ResNets zero-initialise the last BN of each block, as mmpretrain's.
    assert backbone.get('zero_init_residual', True) is True


@pytest.mark.parametrize('dataset', ['cifar10', 'cifar100'])
def test_cifar_pipelines(dataset):
    """_base_/datasets/cifar{10,100}/sz32_bs100.py: crop 32 with 4 pixels of zero
    (CIFAR-10) or reflect (CIFAR-100) padding, flip; nothing at test time."""
    names = [n for n in MIX_ARMS if n.endswith(f'_{dataset}.py')]
    assert len(names) == 9 * (2 if dataset == 'cifar10' else 3)  # Co-Mixup included
    for name in names:
        cfg = load(name)
        pipeline = cfg.train_dataloader.dataset.pipeline
        assert [s.type for s in pipeline] == ['RandomCrop', 'RandomFlip', 'PackInputs']
        (crop, ) = steps(pipeline, 'RandomCrop')
        assert (crop['crop_size'], crop['padding']) == (32, 4)
        assert crop.get('padding_mode', 'constant') == (
            'constant' if dataset == 'cifar10' else 'reflect')
        assert crop.get('pad_val', 0) == 0
        assert steps(pipeline, 'RandomFlip')[0]['prob'] == 0.5
        assert [s.type for s in cfg.test_dataloader.dataset.pipeline] == ['PackInputs']
        assert cfg.train_dataloader.dataset.type == dataset.upper()
        preprocessor = cfg.data_preprocessor
        assert (preprocessor.mean, preprocessor.std) == (CIFAR_MEAN, CIFAR_STD)
        assert preprocessor.get('to_rgb', False) is False  # CIFAR arrays are RGB


def test_tiny_imagenet_pipeline():
    """_base_/datasets/tiny_imagenet/sz64_bs100.py: RandomResizedCrop(64,
    interpolation=3) and flip; the 64x64 test images untouched."""
    names = [n for n in MIX_ARMS if n.endswith('_tiny-imagenet.py')]
    assert len(names) == 18
    for name in names:
        cfg = load(name)
        pipeline = cfg.train_dataloader.dataset.pipeline
        assert [s.type for s in pipeline] == ['LoadImageFromFile', 'RandomResizedCrop',
                                              'RandomFlip', 'PackInputs']
        (crop, ) = steps(pipeline, 'RandomResizedCrop')
        assert crop == dict(type='RandomResizedCrop', scale=64, backend='pillow',
                            interpolation='bicubic')
        assert [s.type for s in cfg.test_dataloader.dataset.pipeline] == [
            'LoadImageFromFile', 'PackInputs']
        for loader, ann_file in ((cfg.train_dataloader, 'meta/train.txt'),
                                 (cfg.val_dataloader, 'meta/val.txt')):
            assert (loader.dataset.type, loader.dataset.ann_file) == ('CustomDataset',
                                                                      ann_file)
        preprocessor = cfg.data_preprocessor
        assert (preprocessor.mean, preprocessor.std, preprocessor.to_rgb) == (
            IMAGENET_MEAN, IMAGENET_STD, True)


def test_imagenet_pipeline():
    """_base_/datasets/imagenet/basic_sz224_4xbs64.py: RandomResizedCrop(224,
    interpolation=3) and flip only (the appendix: no ColorJitter, no lighting); test
    Resize(256, interpolation=3), CenterCrop(224); the last partial batch kept
    (OpenMixup's build_dataloader: drop_last False unless data.drop_last). The
    AutoMix arms too."""
    names = [n for n in MIX_ARMS if n.endswith('_in1k.py')]
    automix = [n for n in AUTOMIX_ARMS if n.endswith('_in1k.py')]
    for name in names + automix:
        cfg = load(name)
        assert cfg.train_dataloader.get('drop_last', False) is False, name
        pipeline = cfg.train_dataloader.dataset.pipeline
        assert [s.type for s in pipeline] == ['LoadImageFromFile', 'RandomResizedCrop',
                                              'RandomFlip', 'PackInputs']
        assert steps(pipeline, 'RandomResizedCrop')[0] == dict(
            type='RandomResizedCrop', scale=224, backend='pillow',
            interpolation='bicubic')
        test = cfg.test_dataloader.dataset.pipeline
        assert [s.type for s in test] == ['LoadImageFromFile', 'ResizeEdge',
                                          'CenterCrop', 'PackInputs']
        assert steps(test, 'ResizeEdge')[0] == dict(
            type='ResizeEdge', scale=256, edge='short', backend='pillow',
            interpolation='bicubic')
        assert steps(test, 'CenterCrop')[0]['crop_size'] == 224
        preprocessor = cfg.data_preprocessor
        assert (preprocessor.mean, preprocessor.std, preprocessor.to_rgb) == (
            IMAGENET_MEAN, IMAGENET_STD, True)
    assert len(automix) == 9
    assert len(names) == 8 * 9  # 7 model-free arms and PuzzleMix, 9 columns


def mmcv_cosine(base: float, target: float, epoch: int, epochs: int) -> float:
    """mmcv's CosineAnnealingLrUpdaterHook by epoch (OpenMixup's lr_config and
    addtional_scheduler): ``target + (base - target) (1 + cos(pi e / E)) / 2``."""
    return target + 0.5 * (base - target) * (1 + math.cos(math.pi * epoch / epochs))


@pytest.mark.parametrize('name', [
    'tables/automix-t1-cifar/resnet18_1xb100-800e_cifar10.py',
    'tables/automix-t1-cifar-wrn/wrn28-8_1xb100-400e_cifar100.py',
    'tables/automix-t1-tiny/resnet18_1xb100-400e_tiny-imagenet.py',
    'tables/automix-t2-in1k/resnet50_4xb64-100e_in1k.py',
    'tables/automix-t2-in1k/resnet50_4xb64-300e_in1k.py',
])
def test_epoch_lrs_are_openmixup_s_cosine(name):
    epochs = parts(name)['epochs']
    lrs = epoch_lrs(load(name), epochs)  # factors of the base lr
    expected = [mmcv_cosine(1.0, 0.0, e, epochs) for e in range(epochs)]
    np.testing.assert_allclose(lrs, expected, rtol=1e-6, atol=1e-12)


# ---------------------------------------------------------------- the mixes

def openmixup_alpha(method: str, name: str) -> float:
    """alpha as AutoMix appendix A.1 gives it for CIFAR, and as OpenMixup's benchmark
    tables give it for Tiny-ImageNet (Mixup, CutMix, SaliencyMix, FMix, ResizeMix 1,
    ManifoldMix 0.2, also on R-18: its generated r18 Mixup config is alpha1_ep400)
    and ImageNet (Mixup and ManifoldMix 0.2; the cutting mixes 0.2 on R-18, else 1)."""
    arm = parts(name)
    if arm['dataset'] in ('cifar10', 'cifar100'):
        return {'Mixup': 1.0, 'CutMix': 0.2, 'Manifold Mixup': 2.0,
                'SaliencyMix': 0.2, 'FMix': 0.2, 'ResizeMix': 1.0}[method]
    if arm['dataset'] == 'tiny-imagenet':
        return 0.2 if method == 'Manifold Mixup' else 1.0
    if method in ('Mixup', 'Manifold Mixup') or arm['backbone'] == 'resnet18':
        return 0.2
    return 1.0


def expected_mix(method: str, alpha: float) -> dict:
    """The model keys of each arm (OpenMixup's mix_mode with its mix_args)."""
    augments = {
        'Mixup': dict(type='Mixup', alpha=alpha),
        'CutMix': dict(type='CutMix', alpha=alpha),
        'SaliencyMix': dict(type='mmrecmix.SaliencyMix', alpha=alpha, per_image=False,
                            saliency='fine_grained'),
        # OpenMixup's masks: the reference code's spectrum (width frequencies 0, 1/W).
        'FMix': dict(type='mmrecmix.FMix', alpha=alpha, decay_power=3.0,
                     max_soft=0.0, spectrum='reference'),
        # OpenMixup: scope (0.1, 0.8), interpolate_mode 'nearest' (its default).
        'ResizeMix': dict(type='mmrecmix.ResizeMix', scale=(0.1, 0.8),
                          interpolation='nearest'),
    }
    if method == 'Baseline':
        return dict(type='ImageClassifier')
    if method == 'Manifold Mixup':
        # manifoldmix=dict(layer=(0, 3)): np.random.randint(0, 3), 0 the input.
        return dict(type='mmrecmix.FeatureMixClassifier',
                    feature_mix=dict(type='Mixup', alpha=alpha), mix_stages=(0, 1, 2))
    return dict(type='ImageClassifier', train_cfg=dict(augments=augments[method]))


@pytest.mark.parametrize('name', [n for n in MIX_ARMS
                                  if 'puzzlemix' not in n and 'comixup' not in n])
def test_mix_is_openmixup_s(name):
    # (PuzzleMix's arms: tests/test_models/test_batch_augments/test_puzzlemix.py;
    # Co-Mixup's: test_comixup_arm_is_the_authors_mix below)
    method = METHOD_OF_MIX[parts(name)['mix']]
    alpha = None if method == 'Baseline' else openmixup_alpha(method, name)
    expected = expected_mix(method, alpha)
    model = load(name).model.to_dict()
    assert {key: model.get(key) for key in expected} == expected
    others = {'train_cfg', 'feature_mix', 'mix_stages'} - set(expected)
    assert not any(model.get(key) for key in others)


# The FMix arms that set the mix (the others in configs/tables inherit one of them).
# Every FMix arm of the tables (the epoch tables' arms inherit their 800-epoch arm's).
FMIX_ARMS = sorted(
    osp.relpath(p, CONFIGS)
    for p in glob.glob(osp.join(CONFIGS, 'tables', '*', '*-fmix_*.py'))
    if '-epochs' not in osp.basename(osp.dirname(p)))


@pytest.mark.parametrize('name', FMIX_ARMS)
def test_every_fmix_row_draws_the_reference_masks_and_says_so(name):
    """All FMix rows in configs/tables are AutoMix / SMMix rows run with OpenMixup,
    whose masks come from the reference's make_low_freq_image."""
    cfg = load(name)
    assert {row['paper'] for row in cfg.paper_rows} <= {'AutoMix', 'SMMix'}
    assert cfg.model.train_cfg.augments.spectrum == 'reference'
    assert any(d.startswith("FMix") and "spectrum='reference'" in d
               for d in cfg.recipe_differences)


def test_fmix_arms_are_every_fmix_config_that_sets_the_mix():
    """A config that names FMix is an FMix arm or a recipe base of FMix arms (the
    RSB and fine-grained tables set their mixes in one base)."""
    setting = sorted(
        osp.relpath(p, CONFIGS)
        for p in glob.glob(osp.join(CONFIGS, 'tables', '**', '*.py'), recursive=True)
        if "'mmrecmix.FMix'" in Path(p).read_text())
    arms = [name for name in setting if '_base_' not in name]
    assert set(arms) <= set(FMIX_ARMS)
    assert len(FMIX_ARMS) == 18 + 16  # T1 / T2 / SMMix T2, then T3 / T4 / T5


def test_alphas_follow_the_appendix_where_it_is_unambiguous():
    """AutoMix A.1: on CIFAR Mixup and ResizeMix 1, CutMix, FMix, SaliencyMix 0.2,
    ManifoldMix 2; on Tiny / ImageNet ManifoldMix 0.2 and the cutting mixes 0.2 on
    R-18, 1 on larger nets."""
    def alpha(name):
        model = load(name).model
        return (model.feature_mix if model.get('feature_mix')
                else model.train_cfg.augments).get('alpha')
    cifar = 'tables/automix-t1-cifar/resnext50-32x4d_1xb100-800e-{}_cifar100.py'
    assert [alpha(cifar.format(m)) for m in (
        'mixup', 'cutmix', 'fmix', 'saliencymix', 'manifoldmixup')] == [
            1.0, 0.2, 0.2, 0.2, 2.0]
    imagenet = 'tables/automix-t2-in1k/{}_4xb64-100e-{}_in1k.py'
    for mix in ('cutmix', 'fmix', 'saliencymix'):
        assert alpha(imagenet.format('resnet18', mix)) == 0.2
        assert alpha(imagenet.format('resnet101', mix)) == 1.0
    assert alpha(imagenet.format('resnet50', 'manifoldmixup')) == 0.2
    assert alpha('tables/automix-t1-tiny/resnext50-32x4d_1xb100-400e-'
                 'manifoldmixup_tiny-imagenet.py') == 0.2


# ---------------------------------------------------------------- the AutoMix arms

# OpenMixup's AutoMix configs (configs/classification/...): encoder lr / wd / final lr,
# the Mix Block's group options and final lr (None: in the encoder's group and
# schedule), the end of the momentum schedule, mask-loss annealing, lambda channel,
# Mix Block stage and channels.
AUTOMIX_RECIPES = {
    # cifar100/automix/basic/{r18,rx50}_l2_a2_near_L1_01_mlr5e_2.py (800 epochs)
    'cifar': dict(lr=0.1, weight_decay=1e-4, eta_min=0.05, block=None, end=0.999999,
                  anneal=None, lam_concat=False),
    # cifar100/automix/basic/wrn28_8_l1_a2_near_L1_01_mlr1e_3.py
    'wrn': dict(lr=0.03, weight_decay=1e-3, eta_min=1e-3,
                block=(dict(momentum=0.0), None), end=0.999999, anneal=None,
                lam_concat=False),
    # tiny_imagenet/automix/basic/{r18,rx50}_l2_a2_near_mb_mlr1e_3_bb_mlr5e_2*.py
    'tiny': dict(lr=0.2, weight_decay=1e-4, eta_min=0.05, block=(dict(lr=0.1), 1e-3),
                 end=0.999999, anneal=None, lam_concat=False),
    # imagenet/automix/basic/*_l2_a2_near_lam_cat_mb_mlr1e_3_bb_mlr0.py (Mix Block
    # momentum 0.9, in all nine arms)
    'in1k': dict(lr=0.1, weight_decay=1e-4, eta_min=0.0,
                 block=(dict(momentum=0.9), 1e-3), end=0.99999,
                 anneal='compounding_cosine',
                 lam_concat=True),
}
MIX_BLOCK_CHANNELS = {'resnet18': 256, 'resnet34': 256, 'wrn28-8': 256}  # others 1024


def automix_kind(name: str) -> str:
    arm = parts(name)
    if arm['backbone'] == 'wrn28-8':
        return 'wrn'
    return {'cifar10': 'cifar', 'cifar100': 'cifar', 'tiny-imagenet': 'tiny',
            'in1k': 'in1k'}[arm['dataset']]


@pytest.mark.parametrize('name', AUTOMIX_ARMS)
def test_automix_arm_is_openmixup_s(name):
    cfg, arm = load(name), parts(name)
    recipe = dict(AUTOMIX_RECIPES[automix_kind(name)])
    model = cfg.model
    assert model.type == 'mmrecmix.AutoMixClassifier'
    assert (model.alpha, model.mixup_margin) == (2.0, 0.08)  # the paper's, everywhere
    assert dict(model.mask_loss) == dict(weight=0.1, margin=0.1,
                                         anneal=recipe['anneal'])
    stage = 1 if arm['backbone'] == 'wrn28-8' else 2  # OpenMixup mask_layer
    assert model.mix_stage == stage and model.backbone.out_indices == (stage, stage + 1)
    assert model.mix_block.in_channels == MIX_BLOCK_CHANNELS.get(arm['backbone'], 1024)
    assert (model.mix_block.lam_concat, model.mix_block.upsample) == (
        recipe['lam_concat'], 'nearest')
    assert model.mix_head.in_channels == model.head.in_channels
    assert model.mix_head.num_classes == model.head.num_classes == NUM_CLASSES[
        arm['dataset']]
    assert dict(cfg.optim_wrapper.optimizer) == dict(
        type='SGD', lr=recipe['lr'], momentum=0.9, weight_decay=recipe['weight_decay'])
    assert cfg.train_cfg.max_epochs == arm['epochs']
    assert cfg.train_dataloader.batch_size * arm['gpus'] == (
        cfg.auto_scale_lr.base_batch_size)
    (hook, ) = cfg.custom_hooks
    assert (hook.type, hook.momentum, hook.end_momentum, hook.constant_ratio) == (
        'mmrecmix.AutoMixMomentumHook', 0.999, recipe['end'], 0.1)
    options = (cfg.optim_wrapper.get('paramwise_cfg') or {}).get('group_options')
    block = recipe['block']
    assert options == (None if block is None else dict(mix_block=block[0]))
    if block is None or block[1] is None:
        (cosine, ) = cfg.param_scheduler
        assert (cosine.type, cosine.eta_min) == ('CosineAnnealingLR', recipe['eta_min'])
    else:
        assert [(s.type, s.get('exclude_groups'), s.get('groups'), s.eta_min)
                for s in cfg.param_scheduler] == [
            ('mmrecmix.GroupCosineAnnealingLR', ['mix_block'], None, recipe['eta_min']),
            ('mmrecmix.GroupCosineAnnealingLR', None, ['mix_block'], block[1])]


def group_epoch_lrs(cfg: Config, epochs: int) -> tuple:
    """Per-epoch lr of an encoder group and a Mix Block group (options applied the
    way mmrecmix.GroupOptionsConstructor does) under the config's schedulers."""
    options = ((cfg.optim_wrapper.get('paramwise_cfg') or {}).get('group_options')
               or {}).get('mix_block', {})
    base = cfg.optim_wrapper.optimizer.lr
    groups = [dict(params=[torch.nn.Parameter(torch.zeros(1))], lr=base,
                   group_name=None),
              dict(dict(params=[torch.nn.Parameter(torch.zeros(1))], lr=base,
                        group_name='mix_block'), **options)]
    optimizer = torch.optim.SGD(groups, lr=base, momentum=0.9)
    schedulers = [PARAM_SCHEDULERS.build(dict(s, optimizer=optimizer))
                  for s in cfg.param_scheduler]
    encoder, block = [], []
    for _ in range(epochs):
        encoder.append(optimizer.param_groups[0]['lr'])
        block.append(optimizer.param_groups[1]['lr'])
        for scheduler in schedulers:
            scheduler.step()
    return encoder, block


@pytest.mark.parametrize('name', [
    'tables/automix-t1-cifar-automix/resnet18_1xb100-800e-automix_cifar10.py',
    'tables/automix-t1-cifar-wrn-automix/wrn28-8_1xb100-400e-automix_cifar100.py',
    'tables/automix-t1-tiny-automix/resnet18_1xb100-400e-automix_tiny-imagenet.py',
    'tables/automix-t2-in1k-automix/resnet18_4xb64-300e-automix_in1k.py',
])
def test_automix_epoch_lrs_are_openmixup_s(name):
    """lr_config CosineAnnealing(min_lr) on every group, and the Mix Block's own
    addtional_scheduler (min_lr 1e-3 from its own lr) where OpenMixup has one."""
    cfg, epochs = load(name), parts(name)['epochs']
    recipe = AUTOMIX_RECIPES[automix_kind(name)]
    block_lr = (recipe['block'] or ({}, None))[0].get('lr', recipe['lr'])
    block_end = (recipe['block'] or ({}, None))[1]
    encoder, block = group_epoch_lrs(cfg, epochs)
    np.testing.assert_allclose(
        encoder, [mmcv_cosine(recipe['lr'], recipe['eta_min'], e, epochs)
                  for e in range(epochs)], rtol=1e-6, atol=1e-12)
    np.testing.assert_allclose(
        block, [mmcv_cosine(block_lr, recipe['eta_min'] if block_end is None
                            else block_end, e, epochs) for e in range(epochs)],
        rtol=1e-6, atol=1e-12)


# ---------------------------------------------------------------- the models

def distinct(names, key) -> list:
    seen, kept = set(), []
    for name in names:
        signature = json.dumps(key(load(name)), sort_keys=True, default=str)
        if signature not in seen:
            seen.add(signature)
            kept.append(name)
    return kept


BACKBONE_ARMS = distinct(
    [n for n in MIX_ARMS if parts(n)['mix'] is None],
    lambda cfg: cfg.model.backbone.to_dict())


@pytest.mark.parametrize('name', BACKBONE_ARMS)
def test_backbone_stages_feed_the_heads(name):
    """Each backbone's last stage has the head's channels, and the Mix Block's stage
    (AutoMix) the Mix Block's; on a small non-square image."""
    cfg, arm = load(name), parts(name)
    backbone = dict(cfg.model.backbone.to_dict(), out_indices=(1, 2) if arm[
        'backbone'] == 'wrn28-8' else (2, 3))
    model = MODELS.build(backbone)
    model.eval()  # (mmpretrain's ResNet.train returns None: no chaining)
    with torch.no_grad():
        mixed_stage, last = model(torch.randn(1, 3, 24, 40))
    assert last.size(1) == cfg.model.head.in_channels
    assert mixed_stage.size(1) == MIX_BLOCK_CHANNELS.get(arm['backbone'], 1024)


AUGMENT_ARMS = distinct(
    [n for n in MIX_ARMS if load(n).model.get('train_cfg')],
    lambda cfg: cfg.model.train_cfg.augments.to_dict())


@pytest.mark.parametrize('name', AUGMENT_ARMS)
def test_augment_mixes_a_non_square_batch(name):
    """Built as the config names it, on 6 images of 20 x 28: shapes kept, every label
    row a convex combination summing to 1, and pixels changed in some of 5 draws
    (a draw of lambda near 1 may leave the batch as it is)."""
    augment = BATCH_AUGMENTS.build(load(name).model.train_cfg.augments.to_dict())
    torch.manual_seed(0)
    np.random.seed(0)
    inputs = torch.randn(6, 3, 20, 28)
    scores = torch.eye(10)[torch.arange(6)]
    changed = False
    for _ in range(5):
        mixed, mixed_scores = augment(inputs.clone(), scores)
        assert mixed.shape == inputs.shape and mixed_scores.shape == scores.shape
        torch.testing.assert_close(mixed_scores.sum(1), torch.ones(6))
        assert mixed_scores.min() >= 0
        changed |= not torch.equal(mixed, inputs)
    assert changed


def model_kind(name: str) -> tuple:
    model = load(name).model
    return model.type, model.backbone.type


# One model per classifier and backbone type, for the feature mix and for AutoMix
# (the plain mixes are mmpretrain's ImageClassifier with an augment, checked above;
# the existing AutoMix configs are trained in
# tests/test_models/test_classifiers/test_automix_classifier.py).
LOSS_ARMS = [
    'tables/automix-t1-cifar/resnet18_1xb100-800e-manifoldmixup_cifar10.py',
    'tables/automix-t1-tiny/resnext50-32x4d_1xb100-400e-manifoldmixup_tiny-imagenet.py',
    'tables/automix-t1-cifar-wrn/wrn28-8_1xb100-400e-manifoldmixup_cifar100.py',
    'tables/automix-t2-in1k/resnet18_4xb64-100e-manifoldmixup_in1k.py',
    'tables/automix-t2-in1k/resnext101-32x4d_4xb64-100e-manifoldmixup_in1k.py',
    'tables/automix-t1-tiny-automix/resnet18_1xb100-400e-automix_tiny-imagenet.py',
    'tables/automix-t1-cifar-automix/resnext50-32x4d_1xb100-800e-automix_cifar10.py',
    'tables/automix-t1-cifar-wrn-automix/wrn28-8_1xb100-400e-automix_cifar100.py',
    'tables/automix-t2-in1k-automix/resnet34_4xb64-100e-automix_in1k.py',
    'tables/automix-t2-in1k-automix/resnext101-32x4d_4xb64-100e-automix_in1k.py',
    'tables/automix-t1-cifar/resnet18_1xb100-800e-puzzlemix_cifar10.py',
    'tables/automix-t1-tiny/resnext50-32x4d_1xb100-400e-puzzlemix_tiny-imagenet.py',
    'tables/automix-t1-cifar-wrn/wrn28-8_1xb100-400e-puzzlemix_cifar100.py',
    'tables/automix-t2-in1k/resnet18_4xb64-100e-puzzlemix_in1k.py',
    'tables/automix-t2-in1k/resnext101-32x4d_4xb64-100e-puzzlemix_in1k.py',
]


def test_loss_arms_cover_every_classifier_and_backbone():
    kinds = {model_kind(n) for n in MIX_ARMS + AUTOMIX_ARMS
             if load(n).model.type != 'ImageClassifier'}
    assert sorted(model_kind(n) for n in LOSS_ARMS) == sorted(kinds)


@pytest.mark.parametrize('name', LOSS_ARMS)
def test_model_computes_a_finite_loss(name):
    """Built from the config and run through its data preprocessor and ``loss`` on two
    small images (the network is the config's; only the input is small)."""
    cfg = load(name)
    torch.manual_seed(0)
    np.random.seed(0)
    model = MODELS.build(dict(cfg.model.to_dict(),
                              data_preprocessor=cfg.data_preprocessor.to_dict()))
    num_classes = cfg.model.head.num_classes
    size = 16 if parts(name)['dataset'] in ('cifar10', 'cifar100') else 32
    batch = dict(
        inputs=[torch.randint(0, 256, (3, size, size), dtype=torch.uint8)
                for _ in range(2)],
        data_samples=[DataSample().set_gt_label(k % num_classes) for k in (3, 7)])
    data = model.data_preprocessor(batch, True)
    losses = model(**data, mode='loss')
    total = sum(v for k, v in losses.items() if 'loss' in k)
    assert torch.isfinite(total)
    total.backward()
    assert any(p.grad is not None and p.grad.abs().sum() > 0
               for p in model.backbone.parameters())


# ---------------------------------------------------------------- Co-Mixup

COMIXUP_ARMS = [n for n in MIX_ARMS if parts(n)['mix'] == 'comixup']


def test_every_table_1_co_mixup_cell_has_its_arm():
    assert len(COMIXUP_ARMS) == 7  # C10 / C100 x R-18 / RX-50, WRN-28-8, Tiny x 2


@pytest.mark.parametrize('name', COMIXUP_ARMS)
def test_comixup_arm_is_the_authors_mix(name):
    """The authors' arguments (snu-mllab/Co-Mixup main.py and README commands), the
    input-gradient guide, and the recorded differences from their training loop."""
    cfg = load(name)
    model = cfg.model
    assert model.type == 'mmrecmix.GuidedMixClassifier' and model.train_cfg is None
    # --clean_lam 1.0: 2 * clean_lam / num_classes on the clean CE beside a BCE whose
    # cross-entropy part is divided by num_classes, i.e. twice the mixed CE.
    assert model.guide == dict(type='mmrecmix.InputGradientGuide', clean_loss_weight=2.0)
    assert model.mix == dict(type='mmrecmix.CoMixup', block_num=4, part=20, beta=0.32,
                             gamma=1.0, thresh=0.83, thresh_type='hard', eta=0.05,
                             alpha=2.0, omega=0.001, set_resolve=True, n_iter=4)
    assert model.get('label_weighting', 'per_sample') == 'per_sample'
    assert any('clean_lam' in d for d in cfg.recipe_differences)
    mixup = name.replace('-comixup_', '-mixup_')
    assert cfg.to_dict().keys() == load(mixup).to_dict().keys()
    for key in ('optim_wrapper', 'param_scheduler', 'train_cfg', 'train_dataloader',
                'data_preprocessor'):
        assert cfg[key] == load(mixup)[key], key


@pytest.mark.parametrize('name', COMIXUP_ARMS)
def test_comixup_arm_trains_two_steps(name):
    """Two SGD steps of the config's model on four random 16 x 16 images (CIFAR) or
    32 x 32 (Tiny-ImageNet): finite losses, the head moved."""
    size = 16 if parts(name)['dataset'] in ('cifar10', 'cifar100') else 32
    config_training_steps(load(name), size=size, steps=2)
