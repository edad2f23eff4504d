"""The arms of CutMix Table 4 (ResNet-101 and ResNeXt-101 32x4d on ImageNet), CutMix
Table 6 (PyramidNet-110, alpha 64, on CIFAR-100), RecursiveMix Table 2's ablations
(PyramidNet-164: resize only; resize and history) and stochastic depth on PyramidNet-200
(CutMix Table 5, RecursiveMix Table 1): each is an existing arm with one thing changed,
and the test says which; the cells each claims, the recipe numbers, the networks'
sizes against the papers, and one training step per folder."""
import functools
import os.path as osp

import numpy as np
import pytest
import torch
from conftest import REPO_ROOT, config_training_steps
from mmengine.config import Config
from mmpretrain.registry import BATCH_AUGMENTS

import mmrecmix  # noqa: F401
from mmrecmix.models.backbones.pyramidnet import PyramidUnit
from mmrecmix.registry import MODELS
from mmrecmix.zoo.config_loading import load_configs
from mmrecmix.zoo.coverage import matching_cells, read_cells

CONFIGS = osp.join(REPO_ROOT, 'configs')
CELLS = read_cells(osp.join(CONFIGS, 'tables', 'paper_tables.csv'))

IMAGENET = 'tables/cutmix-imagenet-300e'
CIFAR = 'tables/cutmix-cifar-300e'
RM_CIFAR = 'tables/recursivemix-cifar100-200e'
STOCHASTIC_DEPTH = 'tables/cutmix-cifar-300e-stochdepth'
RESNEXT_101 = dict(type='ResNeXt', depth=101, groups=32, width_per_group=4)
PYRAMIDNET_110 = dict(depth=110, alpha=64, bottleneck=True)
RESNEXT_NOTE = ("ResNeXt-101 is mmpretrain's: clovaai/CutMix-PyTorch has no ResNeXt, so "
                "the run's model code is not published")


def swap_backbone(**changes):
    return lambda model: dict(model, backbone=dict(model['backbone'], **changes))


def pyramidnet_110(model):
    return dict(model, backbone=dict(model['backbone'], **PYRAMIDNET_110),
                head=dict(model['head'], in_channels=320))


def resize_partner(model):
    augments = dict(model['train_cfg']['augments'], resize=True, interpolation='nearest')
    return dict(model, train_cfg=dict(model['train_cfg'], augments=augments))


# arm -> (the arm it changes, how its model differs, what it adds to
# recipe_differences, the (paper, table, group, method) it claims)
ARMS = {
    **{f'{IMAGENET}/resnet101_4xb64-300e{arm}_in1k.py': (
        f'{IMAGENET}/resnet50_4xb64-300e{arm}_in1k.py', swap_backbone(depth=101), [],
        ('CutMix', 'T4', 'ResNet-101', method))
       for arm, method in (('', 'Baseline'), ('-cutout', 'Cutout'), ('-mixup', 'Mixup'),
                           ('-cutmix', 'CutMix'))},
    **{f'{IMAGENET}/resnext101-32x4d_4xb64-300e{arm}_in1k.py': (
        f'{IMAGENET}/resnet50_4xb64-300e{arm}_in1k.py', swap_backbone(**RESNEXT_101),
        [RESNEXT_NOTE], ('CutMix', 'T4', 'ResNeXt-101 (32x4d)', method))
       for arm, method in (('', 'Baseline'), ('-cutmix', 'CutMix'))},
    **{f'{CIFAR}/pyramidnet110_2xb32-300e{arm}_cifar100.py': (
        f'{CIFAR}/pyramidnet200_2xb32-300e{arm}_cifar100.py', pyramidnet_110, [],
        ('CutMix', 'T6', 'PyramidNet-110 (a~=64)', method))
       for arm, method in (('', 'Baseline'), ('-cutmix', 'CutMix'))},
    f'{RM_CIFAR}/pyramidnet164_2xb64-200e-cutmix-resize_cifar100.py': (
        f'{RM_CIFAR}/pyramidnet164_2xb64-200e-cutmix_cifar100.py', resize_partner, [],
        ('RecursiveMix', 'T2', 'PyramidNet-164 (a~=270)', 'RM ablation: RS only')),
    f'{RM_CIFAR}/pyramidnet164_2xb64-200e-recursivemix-nocl_cifar100.py': (
        f'{RM_CIFAR}/pyramidnet164_2xb64-200e-recursivemix_cifar100.py',
        lambda model: dict(model, consistency=None), [],
        ('RecursiveMix', 'T2', 'PyramidNet-164 (a~=270)', 'RM ablation: RS+HIS')),
    f'{STOCHASTIC_DEPTH}/pyramidnet200_2xb32-300e-stochdepth_cifar100.py': (
        f'{CIFAR}/pyramidnet200_2xb32-300e_cifar100.py', swap_backbone(drop_path_rate=0.25),
        ['stochastic depth drops'],
        ('CutMix', 'T5', 'PyramidNet-200 (a~=240)', 'Stochastic Depth')),
    f'{STOCHASTIC_DEPTH}/pyramidnet200_2xb32-300e-stochdepth_cifar10.py': (
        f'{CIFAR}/pyramidnet200_2xb32-300e_cifar10.py', swap_backbone(drop_path_rate=0.25),
        ['stochastic depth drops', 'RecursiveMix gives no stochastic depth setting'],
        ('RecursiveMix', 'T1', 'PyramidNet-200 (a~=240)', 'Stochastic Depth')),
}
# The cells' values (top-1 error; top-5 error where the table gives it).
VALUES = {
    ('T4', 'ResNet-101', 'Baseline'): ['21.87', '6.29'],
    ('T4', 'ResNet-101', 'Cutout'): ['20.72', '5.51'],
    ('T4', 'ResNet-101', 'Mixup'): ['20.52', '5.28'],
    ('T4', 'ResNet-101', 'CutMix'): ['20.17', '5.24'],
    ('T4', 'ResNeXt-101 (32x4d)', 'Baseline'): ['21.18', '5.57'],
    ('T4', 'ResNeXt-101 (32x4d)', 'CutMix'): ['19.47', '5.03'],
    ('T6', 'PyramidNet-110 (a~=64)', 'Baseline'): ['19.85', '4.66'],
    ('T6', 'PyramidNet-110 (a~=64)', 'CutMix'): ['17.97', '3.83'],
    ('T2', 'PyramidNet-164 (a~=270)', 'RM ablation: RS only'): ['15.36'],
    ('T2', 'PyramidNet-164 (a~=270)', 'RM ablation: RS+HIS'): ['14.81'],
    ('T5', 'PyramidNet-200 (a~=240)', 'Stochastic Depth'): ['15.86', '3.33'],
    ('T1', 'PyramidNet-200 (a~=240)', 'Stochastic Depth'): ['3.11'],
}


@functools.lru_cache(maxsize=None)
def load(name: str) -> Config:
    return load_configs([osp.join(CONFIGS, name)])[0]


# ---------------------------------------------------------------- the arms

@pytest.mark.stack_independent
@pytest.mark.parametrize('name', sorted(ARMS))
def test_arm_is_its_reference_with_one_change(name):
    """Loaded, the arm equals the arm it changes but for the model change of ARMS,
    its own cells and the notes it adds to recipe_differences."""
    reference_name, change, notes, _ = ARMS[name]
    arm, reference = load(name).to_dict(), load(reference_name).to_dict()
    arm.pop('paper_rows'), reference.pop('paper_rows')
    differences = arm.pop('recipe_differences')
    before = reference.pop('recipe_differences')
    assert differences[:len(before)] == before
    assert [d[:len(note)] for d, note in zip(differences[len(before):], notes)] == notes
    assert len(differences) == len(before) + len(notes)
    assert arm.pop('model') == change(reference.pop('model'))
    for key in ('stochastic_depth', 'stochastic_depth_differences'):  # its _base_
        arm.pop(key, None)
    assert arm == reference


@pytest.mark.stack_independent
@pytest.mark.parametrize('name', sorted(ARMS))
def test_paper_rows_are_the_arm_s_cells(name):
    paper, table, group, method = ARMS[name][3]
    (entry, ) = load(name).paper_rows
    assert entry == dict(paper=paper, table=table, group=group, method=method)
    assert [CELLS[i]['value'] for i in matching_cells(entry, CELLS)] == VALUES[
        (table, group, method)]


@pytest.mark.stack_independent
def test_recursivemix_table_2_is_claimed_once_each():
    """Baseline, CutMix and RecursiveMix are Table 3's PyramidNet-164 runs (the same
    numbers), which claim their Table 2 line too; the two ablations are new."""
    names = [f'{RM_CIFAR}/pyramidnet164_2xb64-200e{arm}_cifar100.py' for arm in (
        '', '-cutmix', '-recursivemix', '-cutmix-resize', '-recursivemix-nocl')]
    claims = {}
    for name in names:
        for entry in load(name).paper_rows:
            if entry['table'] == 'T2':
                for index in matching_cells(entry, CELLS):
                    assert index not in claims
                    claims[index] = name
    table_2 = [i for i, c in enumerate(CELLS)
               if (c['paper'], c['table']) == ('RecursiveMix', 'T2')]
    assert sorted(claims) == table_2 and len(table_2) == 5
    for name in names[:3]:
        rows = {entry['table']: [CELLS[i]['value'] for i in matching_cells(entry, CELLS)]
                for entry in load(name).paper_rows}
        assert rows['T2'] == rows['T3']


# ---------------------------------------------------------------- the recipes

@pytest.mark.stack_independent
@pytest.mark.parametrize('name', sorted(ARMS))
def test_recipe_numbers(name):
    """CutMix's ImageNet recipe (README command, train.py): 4 x 64, SGD 0.1 Nesterov,
    wd 1e-4, x 0.1 at 75 / 150 / 225 of 300; its CIFAR recipe: 2 x 32, lr 0.25, x 0.1
    at 150 / 225 of 300; RecursiveMix's 200-epoch CIFAR recipe: 2 x 64, lr 0.1,
    wd 5e-4, 5 warm-up epochs and a cosine."""
    cfg = load(name)
    optimizer = cfg.optim_wrapper.optimizer
    recipe = (optimizer.lr, optimizer.weight_decay, optimizer.get('nesterov', False),
              cfg.train_dataloader.batch_size, cfg.auto_scale_lr.base_batch_size,
              cfg.train_cfg.max_epochs)
    schedule = [(s.type, s.get('milestones')) for s in cfg.param_scheduler]
    if name.startswith(IMAGENET):
        assert recipe == (0.1, 1e-4, True, 64, 256, 300)
        assert schedule == [('MultiStepLR', [75, 150, 225])]
    elif name.startswith(RM_CIFAR):
        assert recipe == (0.1, 5e-4, False, 64, 128, 200)
        assert schedule == [('LinearLR', None), ('CosineAnnealingLR', None)]
    else:
        assert recipe == (0.25, 1e-4, True, 32, 64, 300)
        assert schedule == [('MultiStepLR', [150, 225])]


# ---------------------------------------------------------------- the networks

def num_params(module) -> int:
    return sum(p.numel() for p in module.parameters())


@pytest.mark.parametrize('name, paper_m', [
    (f'{IMAGENET}/resnet101_4xb64-300e_in1k.py', 44.6),
    (f'{IMAGENET}/resnext101-32x4d_4xb64-300e_in1k.py', 44.1),
    (f'{CIFAR}/pyramidnet110_2xb32-300e_cifar100.py', 1.7),
])
def test_network_sizes_are_the_table_s(name, paper_m):
    """CutMix Tables 4 and 6 give the parameter counts: ResNet-101 44.6 M (44.55 M),
    ResNeXt-101 44.1 M (44.18 M), PyramidNet-110 1.7 M (1.73 M), head included."""
    cfg = load(name)
    model = MODELS.build(dict(cfg.model, data_preprocessor=None))
    count = num_params(model.backbone) + num_params(model.head)
    assert abs(count / 1e6 - paper_m) <= 0.1
    if 'pyramidnet110' in name:
        assert count == 1_725_300 and round(count / 1e6, 1) == 1.7


def test_resize_ablation_pastes_the_whole_partner():
    """RS only: the box holds the partner image shrunk into it (nearest), not the
    partner's pixels at that place; the labels mix by the box's area."""
    augments = load(f'{RM_CIFAR}/pyramidnet164_2xb64-200e-cutmix-resize_cifar100.py'
                    ).model.train_cfg.augments
    augment = BATCH_AUGMENTS.build(dict(augments, prob=1.0))
    torch.manual_seed(0)
    np.random.seed(0)
    inputs = torch.arange(2 * 3 * 32 * 24, dtype=torch.float).reshape(2, 3, 32, 24)
    for _ in range(10):  # a draw with a box inside the image
        mixed, mixed_scores = augment(inputs.clone(), torch.eye(2))
        x1, y1, x2, y2 = augment.last_step['box']
        if (x2 - x1) * (y2 - y1) > 0:
            break
    partner = int(augment.last_step['index'][0])
    shrunk = torch.nn.functional.interpolate(inputs[partner:partner + 1],
                                             size=(y2 - y1, x2 - x1), mode='nearest')[0]
    torch.testing.assert_close(mixed[0, :, y1:y2, x1:x2], shrunk)
    share = (x2 - x1) * (y2 - y1) / (32 * 24)
    torch.testing.assert_close(mixed_scores[0, partner], torch.tensor(
        1.0 if partner == 0 else share))


# ---------------------------------------------------------------- one step per folder

@pytest.mark.parametrize('name, size, steps', [
    (f'{IMAGENET}/resnext101-32x4d_4xb64-300e-cutmix_in1k.py', 32, 1),
    (f'{CIFAR}/pyramidnet110_2xb32-300e-cutmix_cifar100.py', 16, 1),
    # (8 x 8 images: the two deepest networks on a 2 x 2 last stage, to keep it short)
    (f'{RM_CIFAR}/pyramidnet164_2xb64-200e-recursivemix-nocl_cifar100.py', 8, 2),
    (f'{STOCHASTIC_DEPTH}/pyramidnet200_2xb32-300e-stochdepth_cifar100.py', 8, 1),
])
def test_model_takes_a_training_step(name, size, steps):
    """The model builds from the config; SGD steps on random images give finite
    losses and move the head (RS + HIS: the second step mixes in the history and has
    no consistency loss; stochastic depth: the last unit drops with 0.25)."""
    model, losses = config_training_steps(load(name), size, steps)
    if 'nocl' in name:
        assert model.consistency is None and 'loss_roi_consistency' not in losses
    if 'stochdepth' in name:
        units = [m for m in model.backbone.modules() if isinstance(m, PyramidUnit)]
        assert len(units) == 66 and units[-1].drop_path.drop_prob == 0.25
