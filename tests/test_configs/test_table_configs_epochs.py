"""The arms of AutoMix Tables 13 and 14 (CIFAR-10 / CIFAR-100, R-18 and RX-50, 200 /
400 / 1200 epochs): each one is its 800-epoch Table 1 arm with only the length
changed (OpenMixup's total_epochs), its ``paper_rows`` the one cell of its method,
backbone and length; the 800-epoch cells are the Table 1 arms', eight of them with
another value than Table 1's (listed in the folders' READMEs); one model per folder
takes a training step."""
import functools
import glob
import os.path as osp
import re

import pytest
from conftest import REPO_ROOT, config_training_steps
from mmengine.config import Config

import mmrecmix  # noqa: F401
from mmrecmix.zoo.config_loading import load_configs
from mmrecmix.zoo.coverage import matching_cells, read_cells

CONFIGS = osp.join(REPO_ROOT, 'configs')
TABLES = osp.join(CONFIGS, 'tables')
CELLS = read_cells(osp.join(TABLES, 'paper_tables.csv'))

FOLDERS = {'T13': 'automix-t13-cifar10-epochs', 'T14': 'automix-t14-cifar100-epochs'}
TABLE_OF_DATASET = {'cifar10': 'T13', 'cifar100': 'T14'}
EPOCH_ARMS = sorted(
    osp.relpath(path, CONFIGS) for folder in FOLDERS.values()
    for path in glob.glob(osp.join(TABLES, f'{folder}*', '*.py')))
NAME = re.compile(r'(?P<backbone>resnet18|resnext50-32x4d)_1xb100-(?P<epochs>\d+)e'
                  r'(?:-(?P<mix>[a-z]+))?_(?P<dataset>cifar10|cifar100)\.py')
METHOD_OF_MIX = {None: 'Baseline', 'mixup': 'Mixup', 'cutmix': 'CutMix',
                 'manifoldmixup': 'Manifold Mixup', 'saliencymix': 'SaliencyMix',
                 'fmix': 'FMix', 'puzzlemix': 'PuzzleMix', 'resizemix': 'ResizeMix',
                 'automix': 'AutoMix', 'comixup': 'Co-Mixup'}
COLUMN_OF_BACKBONE = {'resnet18': 'R-18', 'resnext50-32x4d': 'RX-50'}
LENGTHS = (200, 400, 1200)
# Table 1 and Tables 13 / 14 (800 epochs) give the same run these two values.
DISAGREEMENTS = {
    ('T13', 'SaliencyMix', 'R-18'): ('96.53', '96.2'),
    ('T13', 'FMix', 'R-18'): ('96.58', '96.18'),
    ('T13', 'CutMix', 'RX-50'): ('97.01', '96.6'),
    ('T13', 'SaliencyMix', 'RX-50'): ('97.18', '96.7'),
    ('T14', 'CutMix', 'RX-50'): ('81.67', '78.32'),
    ('T14', 'SaliencyMix', 'RX-50'): ('81.53', '78.77'),
    ('T14', 'FMix', 'RX-50'): ('81.9', '79.02'),
    ('T14', 'ResizeMix', 'RX-50'): ('81.82', '80.35'),
}


@functools.lru_cache(maxsize=None)
def load(name: str) -> Config:
    return load_configs([osp.join(CONFIGS, name)])[0]


def parts(name: str) -> dict:
    match = NAME.fullmatch(osp.basename(name))
    assert match, name
    found = match.groupdict()
    found['epochs'] = int(found['epochs'])
    return found


def arm_of_800_epochs(name: str) -> str:
    """The Table 1 arm an epoch arm inherits, by its name."""
    arm = parts(name)
    mix = f"-{arm['mix']}" if arm['mix'] else ''
    file = f"{arm['backbone']}_1xb100-800e{mix}_{arm['dataset']}.py"
    if arm['mix'] != 'automix':
        return f'tables/automix-t1-cifar/{file}'
    if (arm['backbone'], arm['dataset']) == ('resnet18', 'cifar100'):
        return f'automix/{file}'
    return f'tables/automix-t1-cifar-automix/{file}'


def cell(table: str, method: str, column: str) -> dict:
    (found, ) = [c for c in CELLS if (c['paper'], c['table'], c['method'], c['column'])
                 == ('AutoMix', table, method, column)]
    return found


# ---------------------------------------------------------------- the arms

@pytest.mark.stack_independent
def test_every_method_backbone_and_length_has_its_arm():
    """8 model-free / feature / PuzzleMix arms x 2 backbones x 3 lengths per table,
    Co-Mixup's in Table 14 (Table 13 has no Co-Mixup line), and 6 AutoMix arms in the
    -automix folder (AutoMix's own recipe)."""
    expected = set()
    for table, folder in FOLDERS.items():
        dataset = {'T13': 'cifar10', 'T14': 'cifar100'}[table]
        for mix in METHOD_OF_MIX:
            if table == 'T13' and mix == 'comixup':
                continue
            for backbone in COLUMN_OF_BACKBONE:
                for epochs in LENGTHS:
                    arm = f'-{mix}' if mix else ''
                    where = f'{folder}-automix' if mix == 'automix' else folder
                    expected.add(f'tables/{where}/{backbone}_1xb100-{epochs}e{arm}_'
                                 f'{dataset}.py')
    assert set(EPOCH_ARMS) == expected and len(EPOCH_ARMS) == 108 + 6


@pytest.mark.stack_independent
@pytest.mark.parametrize('name', EPOCH_ARMS)
def test_epoch_arm_is_its_800_epoch_arm_but_the_length(name):
    """Loaded, the arm equals the Table 1 arm but for max_epochs, the cosine's T_max
    and end (its floor, 0 or AutoMix's 0.05, kept) and the cell it claims."""
    epochs = parts(name)['epochs']
    arm, reference = load(name).to_dict(), load(arm_of_800_epochs(name)).to_dict()
    for config in (arm, reference):
        config.pop('paper_rows')
    (cosine, ), (cosine_800, ) = arm.pop('param_scheduler'), reference.pop(
        'param_scheduler')
    assert cosine == dict(cosine_800, T_max=epochs, end=epochs)
    assert (cosine_800['T_max'], cosine_800['end'], cosine_800['type']) == (
        800, 800, 'CosineAnnealingLR')
    assert arm.pop('train_cfg') == dict(reference.pop('train_cfg'), max_epochs=epochs)
    assert arm == reference
    # The only other length-dependent part, AutoMix's momentum encoder, goes by the
    # share of the run's iterations (mmrecmix.AutoMixMomentumHook, constant_ratio).
    assert [hook['type'] for hook in arm.get('custom_hooks', [])] == (
        ['mmrecmix.AutoMixMomentumHook'] if parts(name)['mix'] == 'automix' else [])


@pytest.mark.stack_independent
@pytest.mark.parametrize('name', EPOCH_ARMS)
def test_paper_rows_name_the_arm_s_cell(name):
    arm = parts(name)
    table = TABLE_OF_DATASET[arm['dataset']]
    column = f"{COLUMN_OF_BACKBONE[arm['backbone']]} {arm['epochs']}ep"
    (entry, ) = load(name).paper_rows
    assert entry == dict(paper='AutoMix', table=table,
                         method=METHOD_OF_MIX[arm['mix']], column=column)
    (index, ) = matching_cells(entry, CELLS)
    assert CELLS[index]['epochs'] == '200/400/800/1200'


@pytest.mark.stack_independent
def test_every_cell_has_one_arm():
    """Tables 13 / 14: 200 / 400 / 1200 epochs here, 800 epochs the Table 1 arms (their
    second entry)."""
    table_1 = sorted({arm_of_800_epochs(name) for name in EPOCH_ARMS})
    assert len(table_1) == 38
    claims = {}
    for name in EPOCH_ARMS + table_1:
        for entry in load(name).paper_rows:
            if entry['table'] in ('T13', 'T14'):
                for index in matching_cells(entry, CELLS):
                    assert index not in claims, (name, claims.get(index))
                    claims[index] = name
    cells = {i for i, c in enumerate(CELLS)
             if c['paper'] == 'AutoMix' and c['table'] in ('T13', 'T14')}
    assert set(claims) == cells and len(claims) == 152


@pytest.mark.stack_independent
def test_the_800_epoch_values_that_differ_from_table_1():
    """Table 13 / 14 repeat Table 1's 800-epoch values but for these eight cells,
    which the folders' READMEs list (and the Table 1 arms' comments)."""
    found = {}
    for c in CELLS:
        if c['paper'] == 'AutoMix' and c['table'] in ('T13', 'T14') and (
                c['column'].endswith(' 800ep')):
            backbone = c['column'].split()[0]
            prefix = 'C10' if c['table'] == 'T13' else 'C100'
            table_1 = cell('T1', c['method'], f'{prefix} {backbone}')['value']
            if float(table_1) != float(c['value']):
                found[(c['table'], c['method'], backbone)] = (table_1, c['value'])
    assert found == DISAGREEMENTS
    for table, folder in FOLDERS.items():
        with open(osp.join(TABLES, folder, 'README.md')) as f:
            listed = re.findall(r'^\| (\w+) \| (R-18|RX-50) \| ([\d.]+) \| ([\d.]+) \|$',
                                f.read(), re.M)
        assert {(table, m, b): (float(t1), float(other)) for m, b, t1, other in listed} == {
            key: tuple(map(float, values)) for key, values in DISAGREEMENTS.items()
            if key[0] == table}


# ---------------------------------------------------------------- one step per folder

@pytest.mark.parametrize('name', [
    'tables/automix-t13-cifar10-epochs/resnet18_1xb100-200e-manifoldmixup_cifar10.py',
    'tables/automix-t13-cifar10-epochs-automix/resnet18_1xb100-400e-automix_cifar10.py',
    'tables/automix-t14-cifar100-epochs/resnet18_1xb100-1200e-cutmix_cifar100.py',
    'tables/automix-t14-cifar100-epochs-automix/resnet18_1xb100-200e-automix_cifar100.py',
    'tables/automix-t14-cifar100-epochs/resnext50-32x4d_1xb100-400e-comixup_cifar100.py',
])
def test_model_takes_a_training_step(name):
    """The model builds from the config and SGD steps on random 16 x 16 images give
    finite losses and move the head."""
    config_training_steps(load(name), size=16)
