"""The configs of AutoMix Table 10 (Mixup and CutMix, ResNet-18, with AutoMix's
momentum pipeline "+MP" and the clean cross-entropy "+CE"): each arm is its "(none)"
arm but for the pipeline, the momentum schedules and alphas pinned, every cell of the
table claimed once, and each new config trained two iterations (with the momentum
hook between them) on generated data."""
import glob
import os.path as osp
from functools import lru_cache

import pytest
import torch
from conftest import REPO_ROOT, config_training_steps
from mmengine.config import Config

import mmrecmix  # noqa: F401
from mmrecmix.models.classifiers import AutoMixClassifier
from mmrecmix.registry import HOOKS
from mmrecmix.zoo.coverage import matching_cells, read_cells

pytestmark = pytest.mark.stack_independent

CONFIGS = osp.join(REPO_ROOT, 'configs')
FOLDERS = ('tables/automix-t10-momentum-pipeline', 'tables/automix-t10-tiny')
CELLS = read_cells(osp.join(CONFIGS, 'tables', 'paper_tables.csv'))
ARMS = sorted(osp.relpath(p, CONFIGS) for folder in FOLDERS
              for p in glob.glob(osp.join(CONFIGS, folder, '*.py')))
PIPELINE_ARMS = [n for n in ARMS if '-mp' in osp.basename(n)]
# The "(none)" arms the +MP arms build on, by dataset: Table 1's (CIFAR-100), Table
# 2's at 100 epochs (ImageNet), and this folder's Tiny-ImageNet arms at alpha 0.2.
NONE_ARMS = {
    'cifar100': 'tables/automix-t1-cifar/resnet18_1xb100-800e-{}_cifar100.py',
    'tiny-imagenet': 'tables/automix-t10-tiny/resnet18_1xb100-400e-{}_tiny-imagenet.py',
    'in1k': 'tables/automix-t2-in1k/resnet18_4xb64-100e-{}_in1k.py',
}
COLUMNS = {'cifar100': 'C100', 'tiny-imagenet': 'Tiny', 'in1k': 'IN-1k'}
# AutoMix appendix A.1: CIFAR Mixup 1, CutMix 0.2; Tiny / ImageNet 0.2.
ALPHAS = {('cifar100', 'Mixup'): 1.0, ('cifar100', 'CutMix'): 0.2,
          ('tiny-imagenet', 'Mixup'): 0.2, ('tiny-imagenet', 'CutMix'): 0.2,
          ('in1k', 'Mixup'): 0.2, ('in1k', 'CutMix'): 0.2}
# OpenMixup's CosineScheduleHook end_momentum: CIFAR / Tiny AutoMix configs, ImageNet.
END_MOMENTUM = {'cifar100': 0.999999, 'tiny-imagenet': 0.999999, 'in1k': 0.99999}


@lru_cache(maxsize=None)
def load(name: str) -> Config:
    return Config.fromfile(osp.join(CONFIGS, name))


def describe(name: str) -> tuple:
    """(dataset, method, group) of an arm, from its file name."""
    stem, dataset = osp.basename(name)[:-3].rsplit('_', 1)
    parts = stem.split('-')
    method = {'mixup': 'Mixup', 'cutmix': 'CutMix'}[parts[2]]
    group = {(): '(none)', ('mp', ): '+MP', ('mp', 'ce'): '+MP+CE'}[tuple(parts[3:])]
    return dataset, method, group


def none_arm(name: str) -> str:
    dataset, method, _ = describe(name)
    return NONE_ARMS[dataset].format(method.lower())


def test_the_folders_hold_every_arm():
    """The pipeline arms in one folder, the Tiny "(none)" arms (no pipeline) in the
    other."""
    assert len(ARMS) == 14 and len(PIPELINE_ARMS) == 12
    assert all(n.startswith(FOLDERS[0]) for n in PIPELINE_ARMS)
    assert sorted(describe(n) for n in ARMS) == sorted(
        [(d, m, g) for d in COLUMNS for m in ('Mixup', 'CutMix')
         for g in ('+MP', '+MP+CE')]
        + [('tiny-imagenet', m, '(none)') for m in ('Mixup', 'CutMix')])


@pytest.mark.parametrize('name', ARMS)
def test_paper_rows_are_the_arm_s_cell(name):
    dataset, method, group = describe(name)
    entry = dict(paper='AutoMix', table='T10', group=group, method=method,
                 column=COLUMNS[dataset])
    assert load(name).paper_rows == [entry]
    (index, ) = matching_cells(entry, CELLS)


def test_every_cell_of_table_10_is_claimed_once():
    """18 cells: 14 by this folder's arms, the CIFAR-100 and ImageNet "(none)" cells
    by the Table 1 / 2 arms whose values they repeat."""
    claimed = {}
    others = [NONE_ARMS[d].format(m) for d in ('cifar100', 'in1k')
              for m in ('mixup', 'cutmix')]
    for name in ARMS + others:
        for entry in load(name).paper_rows:
            if entry['table'] != 'T10':
                continue
            for index in matching_cells(entry, CELLS):
                assert index not in claimed, (name, claimed[index])
                claimed[index] = name
    cells = {i for i, c in enumerate(CELLS) if (c['paper'], c['table']) == ('AutoMix',
                                                                           'T10')}
    assert set(claimed) == cells and len(cells) == 18
    # The shared "(none)" values are the same numbers as Table 1's / Table 2's.
    for name in others:
        first, *_, t10 = load(name).paper_rows
        (a, ), (b, ) = matching_cells(first, CELLS), matching_cells(t10, CELLS)
        assert CELLS[a]['value'] == CELLS[b]['value']


@pytest.mark.parametrize('name', PIPELINE_ARMS)
def test_pipeline_arm_is_its_none_arm_but_the_pipeline(name):
    """Loaded, the +MP arm equals its "(none)" arm except: AutoMixClassifier with the
    same augment as ``mix=`` (none in the data preprocessor), ``clean_loss`` (True only
    for +CE), AutoMix's momentum hook, and the cell it claims."""
    dataset, method, group = describe(name)
    arm, reference = load(name).to_dict(), load(none_arm(name)).to_dict()
    for config in (arm, reference):
        config.pop('paper_rows')
    model, reference_model = arm.pop('model'), reference.pop('model')
    augment = reference_model.pop('train_cfg')['augments']
    assert augment == dict(type=method, alpha=ALPHAS[(dataset, method)])
    assert model.pop('type') == 'mmrecmix.AutoMixClassifier'
    assert reference_model.pop('type') == 'ImageClassifier'
    assert model.pop('train_cfg') == {}
    assert model.pop('mix') == augment
    assert model.pop('clean_loss') is (group == '+MP+CE')
    assert model == reference_model  # backbone (out_indices (3,)), neck, head
    (hook, ) = arm.pop('custom_hooks')
    assert hook == dict(type='mmrecmix.AutoMixMomentumHook', momentum=0.999,
                        end_momentum=END_MOMENTUM[dataset], constant_ratio=0.1)
    assert reference.get('custom_hooks') is None
    assert arm == reference  # data, optimizer, schedule, runtime, recipe notes


@pytest.mark.parametrize('method', ['mixup', 'cutmix'])
def test_tiny_none_arm_is_table_1_s_at_the_appendix_alpha(method):
    arm = load(NONE_ARMS['tiny-imagenet'].format(method)).to_dict()
    table_1 = load(f'tables/automix-t1-tiny/resnet18_1xb100-400e-{method}_'
                   'tiny-imagenet.py').to_dict()
    assert table_1['model']['train_cfg']['augments']['alpha'] == 1.0
    table_1['model']['train_cfg']['augments']['alpha'] = 0.2
    differences = table_1.pop('recipe_differences')
    assert arm.pop('recipe_differences') == [
        d for d in differences if not d.startswith('alpha:')] != differences
    arm.pop('paper_rows'), table_1.pop('paper_rows')
    assert arm == table_1


def hook_between_steps(monkeypatch, cfg) -> list:
    """Run the config's AutoMixMomentumHook after each step of
    ``config_training_steps`` (as the Runner would: iteration 0 of 10, so momentum
    0.999), before the next ``loss``; returns, per ``loss`` call, the online and the
    momentum head's weights as that call found them."""
    hook = HOOKS.build(cfg.custom_hooks[0])
    seen = []

    class Runner:
        iter, max_iters = 0, 10

        def __init__(self, model):
            self.model = model

    original = AutoMixClassifier.loss

    def loss(self, inputs, data_samples):
        if seen:
            hook.after_train_iter(Runner(self), 0)
        seen.append((self.head.fc.weight.detach().clone(),
                     self.momentum_encoder['head'].fc.weight.detach().clone()))
        return original(self, inputs, data_samples)

    monkeypatch.setattr(AutoMixClassifier, 'loss', loss)
    return seen


@pytest.mark.parametrize('name', ARMS)
def test_config_trains_two_iterations(name, monkeypatch):
    """Two SGD steps of the config's model on generated images (ResNet-18 at 16 x 16
    for the CIFAR stem, 32 x 32 for ImageNet's). In the +MP arms the hook between the
    steps moved the momentum copy by Eq. 12 at 0.999, by hand, and that copy is what
    predicts."""
    cfg = load(name)
    dataset, _, group = describe(name)
    seen = hook_between_steps(monkeypatch, cfg) if group != '(none)' else None
    model, losses = config_training_steps(cfg, size=32 if dataset == 'in1k' else 16,
                                          steps=2)
    if group == '(none)':
        assert type(model).__name__ == 'ImageClassifier'
        return
    assert set(losses) == ({'loss_mix', 'loss_clean'} if group == '+MP+CE'
                           else {'loss_mix'})
    (q0, k0), (q1, k1) = seen
    assert torch.equal(q0, k0) and not torch.equal(q0, q1)  # f_k starts as f_q
    torch.testing.assert_close(k1, 0.999 * k0 + 0.001 * q1)
    assert torch.equal(model.momentum_encoder['head'].fc.weight, k1)
    assert not any(p.requires_grad for p in model.momentum_encoder.parameters())
    assert model.test_modules() is model.momentum_encoder
