"""The configs of the CIFAR DenseNets (RecursiveMix Table 3), the CIFAR ResNet-110
(CutMix Table 6) and VGG-GAP (CutMix Table 9): each arm is its recipe's arm with the
backbone swapped, its ``paper_rows`` name exactly its cells, the recipe values and the
recorded differences are pinned, and one model per family takes a training step."""
import functools
import glob
import os.path as osp

import pytest
from conftest import REPO_ROOT, config_training_steps
from mmengine.config import Config

import mmrecmix  # noqa: F401
from mmrecmix.zoo.coverage import matching_cells, read_cells

CONFIGS = osp.join(REPO_ROOT, 'configs')
CELLS = read_cells(osp.join(CONFIGS, 'tables', 'paper_tables.csv'))

DENSENET = 'tables/recursivemix-cifar100-200e-densenet'
RESNET110 = 'tables/cutmix-cifar-300e-resnet110'
CUB_LOC = 'evaluation/cutmix-t9-cub-loc'
IMAGENET_LOC = 'evaluation/cutmix-t9-imagenet-loc'
RM_ARMS = {'': 'Baseline', '-mixup': 'Mixup', '-cutmix': 'CutMix',
           '-recursivemix': 'RecursiveMix'}
DENSENET_CHANNELS = {'121': 1024, '161': 2208}
WSOL_ARMS = {'': ('VGG-GAP family (quoted, *)', '[WSOL] VGG-GAP + CAM'),
             '-mixup': ('VGG-GAP', 'Mixup'), '-cutout': ('VGG-GAP', 'Cutout'),
             '-cutmix': ('VGG-GAP', 'CutMix')}
VGG_GAP_MODEL = dict(
    type='ImageClassifier',
    backbone=dict(type='mmrecmix.VGG_GAP', depth=16, gap_channels=1024),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(type='LinearClsHead', in_channels=1024,
              loss=dict(type='CrossEntropyLoss', loss_weight=1.0)))


@functools.lru_cache(maxsize=None)
def load(name: str) -> Config:
    return Config.fromfile(osp.join(CONFIGS, name))


def cells_of(name: str) -> list:
    return sorted(i for entry in load(name).paper_rows
                  for i in matching_cells(entry, CELLS))


def densenet_configs():
    return [(arch, arm, f'{DENSENET}/densenet{arch}_2xb64-200e{arm}_cifar100.py')
            for arch in DENSENET_CHANNELS for arm in RM_ARMS]


def wsol_configs():
    return [(column, arm, f'{folder}/vgg16-gap_{data}{arm}_loc.py')
            for column, folder, data in (('CUB200 loc', CUB_LOC, 'cub200'),
                                         ('ImageNet loc', IMAGENET_LOC, 'in1k'))
            for arm in WSOL_ARMS]


def test_the_folders_hold_these_configs_only():
    found = sorted(osp.relpath(p, CONFIGS) for folder in (DENSENET, RESNET110)
                   for p in glob.glob(osp.join(CONFIGS, folder, '*.py')))
    found += [osp.relpath(p, CONFIGS) for folder in (CUB_LOC, IMAGENET_LOC)
              for p in glob.glob(osp.join(CONFIGS, folder, 'vgg16-gap*.py'))]
    expected = [name for *_, name in densenet_configs() + wsol_configs()] + [
        f'{RESNET110}/resnet110_2xb32-300e{arm}_cifar100.py' for arm in ('', '-cutmix')]
    assert sorted(found) == sorted(expected)


# ---------------------------------------------------------------- RecursiveMix T3
@pytest.mark.stack_independent
@pytest.mark.parametrize('arch, arm, name', densenet_configs())
def test_densenet_arm_is_the_resnet18_arm_with_the_backbone_swapped(arch, arm, name):
    cfg = load(name).to_dict()
    resnet18 = load(f'cifar/resnet18_2xb64-200e{arm}_cifar100.py').to_dict()
    model, model18 = cfg.pop('model'), resnet18.pop('model')
    channels = DENSENET_CHANNELS[arch]
    assert model['backbone'] == dict(type='mmrecmix.DenseNet_CIFAR', arch=arch)
    assert model['head'] == dict(model18['head'], in_channels=channels)
    if arm == '-recursivemix':
        assert model['consistency'] == dict(model18['consistency'], in_channels=channels)
        assert model['consistency']['omega'] == 0.1
    swapped = ('backbone', 'head', 'consistency')
    assert ({k: v for k, v in model.items() if k not in swapped}
            == {k: v for k, v in model18.items() if k not in swapped})
    differences = cfg.pop('recipe_differences')
    assert differences == resnet18.pop('recipe_differences') + cfg.pop(
        'densenet_differences')
    assert any('models_cifar/densenet.py' in line and 'transitions without ReLU' in line
               for line in differences)
    assert cfg.pop('paper_rows') == [dict(paper='RecursiveMix', table='T3',
                                          group=f'DenseNet-{arch}', method=RM_ARMS[arm])]
    resnet18.pop('paper_rows')
    assert cfg == resnet18


@pytest.mark.stack_independent
def test_densenet_recipe_values():
    """RecursiveMix's 200-epoch CIFAR setting, as the ResNet-18 baseline pins it."""
    cfg = load(f'{DENSENET}/densenet121_2xb64-200e_cifar100.py')
    opt = cfg.optim_wrapper.optimizer
    assert (opt.type, opt.lr, opt.momentum, opt.weight_decay) == ('SGD', 0.1, 0.9, 5e-4)
    assert not opt.get('nesterov')
    assert (cfg.train_cfg.max_epochs, cfg.train_dataloader.batch_size,
            cfg.auto_scale_lr.base_batch_size) == (200, 64, 128)
    assert [s.type for s in cfg.param_scheduler] == ['LinearLR', 'CosineAnnealingLR']
    assert (cfg.model.head.num_classes, cfg.train_dataloader.dataset.type) == (
        100, 'CIFAR100')


@pytest.mark.stack_independent
def test_densenet_configs_claim_table_3_s_densenet_lines():
    claimed = [i for *_, name in densenet_configs() for i in cells_of(name)]
    expected = [i for i, cell in enumerate(CELLS)
                if (cell['paper'], cell['table']) == ('RecursiveMix', 'T3')
                and cell['group'].startswith('DenseNet')]
    assert sorted(claimed) == sorted(expected) and len(expected) == 8
    values = {(CELLS[i]['group'], CELLS[i]['method']): CELLS[i]['value'] for i in expected}
    assert values[('DenseNet-161', 'RecursiveMix')] == '15.54'


# ---------------------------------------------------------------- CutMix T6
@pytest.mark.stack_independent
@pytest.mark.parametrize('arm, method', [('', 'Baseline'), ('-cutmix', 'CutMix')])
def test_resnet110_arm_is_the_cutmix_cifar_recipe(arm, method):
    name = f'{RESNET110}/resnet110_2xb32-300e{arm}_cifar100.py'
    cfg = load(name)
    assert cfg.model.backbone == dict(type='mmrecmix.CIFARResNet', depth=110,
                                      bottleneck=True)
    assert (cfg.model.head.in_channels, cfg.model.head.num_classes) == (256, 100)
    assert cfg.model.head.init_cfg is None  # PyTorch's default, as the reference's fc
    opt = cfg.optim_wrapper.optimizer
    assert (opt.lr, opt.momentum, opt.weight_decay, opt.nesterov) == (0.25, 0.9, 1e-4, True)
    assert (cfg.train_cfg.max_epochs, cfg.train_dataloader.batch_size,
            cfg.auto_scale_lr.base_batch_size) == (300, 32, 64)
    (step, ) = cfg.param_scheduler
    assert (list(step.milestones), step.gamma) == ([150, 225], 0.1)
    augments = dict((cfg.model.get('train_cfg') or {}).get('augments') or {})
    assert augments == ({} if arm == '' else dict(type='mmrecmix.CutMix', alpha=1.0,
                                                  prob=0.5))
    assert cfg.paper_rows == [dict(paper='CutMix', table='T6', group='ResNet-110',
                                   method=method)]
    assert [(CELLS[i]['column'], CELLS[i]['method']) for i in cells_of(name)] == [
        ('top-1 err', method), ('top-5 err', method)]
    base = load('tables/cutmix-cifar-300e/pyramidnet200_2xb32-300e_cifar100.py')
    assert cfg.recipe_differences[:-1] == base.recipe_differences
    assert 'bottleneck blocks' in cfg.recipe_differences[-1]
    assert '1.1 M' in cfg.recipe_differences[-1]


@pytest.mark.stack_independent
def test_resnet110_baseline_is_pyramidnet200_s_recipe():
    def rest(cfg):
        merged = cfg.to_dict()
        for key in ('paper_rows', 'recipe_differences'):
            merged.pop(key)
        merged['model'] = {k: v for k, v in merged['model'].items()
                           if k not in ('backbone', 'head')}
        return merged

    resnet110 = load(f'{RESNET110}/resnet110_2xb32-300e_cifar100.py')
    pyramidnet = load('tables/cutmix-cifar-300e/pyramidnet200_2xb32-300e_cifar100.py')
    assert rest(resnet110) == rest(pyramidnet)
    assert ({k: v for k, v in resnet110.model.head.items() if k != 'in_channels'}
            == {k: v for k, v in pyramidnet.model.head.items() if k != 'in_channels'})


# ---------------------------------------------------------------- CutMix T9
@pytest.mark.stack_independent
@pytest.mark.parametrize('column, arm, name', wsol_configs())
def test_vgg_gap_evaluation_configs(column, arm, name):
    cfg = load(name)
    classes = 200 if column == 'CUB200 loc' else 1000
    head = dict(VGG_GAP_MODEL['head'], num_classes=classes)
    assert cfg.model == dict(VGG_GAP_MODEL, head=head)
    group, method = WSOL_ARMS[arm]
    assert cfg.paper_rows == [dict(paper='CutMix', table='T9', group=group, method=method,
                                   column=column)]
    assert len(cells_of(name)) == 1
    wsol = cfg.evaluation.wsol
    if column == 'CUB200 loc':
        assert (wsol.data_root, cfg.test_dataloader.dataset.type) == (
            'data/CUB_200_2011', 'CUB')
    else:
        assert (wsol.data_root, wsol.dataset) == ('data/imagenet', 'imagenet')
        assert cfg.data_preprocessor.num_classes == 1000


@pytest.mark.stack_independent
def test_vgg_gap_configs_claim_every_vgg_gap_number_once():
    claimed = [i for *_, name in wsol_configs() for i in cells_of(name)]
    expected = [i for i, cell in enumerate(CELLS)
                if (cell['paper'], cell['table']) == ('CutMix', 'T9')
                and (cell['group'] == 'VGG-GAP'
                     or cell['method'] == '[WSOL] VGG-GAP + CAM')]
    assert sorted(claimed) == sorted(expected) and len(expected) == 8


# ---------------------------------------------------------------- one step each
@pytest.mark.parametrize('name', [
    f'{DENSENET}/densenet121_2xb64-200e-cutmix_cifar100.py',
    f'{RESNET110}/resnet110_2xb32-300e-cutmix_cifar100.py',
    f'{CUB_LOC}/vgg16-gap_cub200-cutmix_loc.py'])
def test_config_model_takes_a_training_step(name):
    """The model builds from the config, its loss on two 16 x 16 images is finite and
    an SGD step moves the head (its gradient is not zero)."""
    config_training_steps(load(name), size=16, count=2)
