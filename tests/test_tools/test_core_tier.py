"""The core install tier: with mmcv's compiled ops, mmdet and mmseg impossible to
import, mmrecmix imports, trains the RecursiveMix digits demo (RoI neck included)
through tools/train.py and draws it with browse_mix.py; configs of the full tier stop
with one line naming the set-up command. Everything runs in one subprocess."""
import os.path as osp
import subprocess
import sys

import pytest
from conftest import REPO_ROOT

from mmrecmix.utils.install_tier import FULL_TIER_COMMAND

TOOLS = osp.join(REPO_ROOT, 'tools')
RM_DEMO = osp.join(REPO_ROOT, 'configs', 'demo', 'resnet18_digits_recursivemix.py')
PVT_CONFIG = osp.join(REPO_ROOT, 'configs', 'pvt', 'pvtv2-b1_8xb64-300e_in1k.py')
ATSS_CONFIG = osp.join(REPO_ROOT, 'configs', 'transfer', 'atss_r50_fpn_1x_coco_mmrecmix.py')
TINY = ['train_cfg.max_epochs=1', 'train_dataloader.dataset.indices=96',
        'val_dataloader.dataset.indices=64', 'default_hooks.logger.interval=1']


@pytest.fixture(scope='module')
def core_run(tmp_path_factory):
    work = tmp_path_factory.mktemp('core_tier')
    train = [osp.join(TOOLS, 'train.py'), RM_DEMO, '--work-dir', str(work / 'train'),
             '--cfg-options', *TINY]
    browse = [osp.join(TOOLS, 'analysis', 'browse_mix.py'), RM_DEMO, '--iters', '3',
              '--num-images', '4', '--out', str(work / 'browse')]
    pvt = [osp.join(TOOLS, 'train.py'), PVT_CONFIG, '--work-dir', str(work / 'pvt')]
    atss = [osp.join(TOOLS, 'train.py'), ATSS_CONFIG, '--work-dir', str(work / 'atss')]
    argv = [sys.executable, osp.join(REPO_ROOT, 'tests', 'core_tier_driver.py')]
    for command in (train, browse, pvt, atss):
        argv += command + ['--']
    result = subprocess.run(argv, cwd=REPO_ROOT, capture_output=True, text=True,
                            timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    return work, result


def exit_code(result, index):
    """The exit status of the driver's ``index``-th tool run."""
    codes = [line.split()[-1] for line in result.stdout.splitlines()
             if line.startswith(f'exit {index} ')]
    assert len(codes) == 1, result.stdout[-3000:]
    return int(codes[0])


def stderr_of(result, index):
    """What the ``index``-th tool run wrote to stderr."""
    return result.stderr.split(f'begin {index}\n', 1)[1].split(f'begin {index + 1}\n')[0]


def test_nothing_of_the_full_tier_is_loaded(core_run):
    _, result = core_run
    assert 'blocked-modules-loaded 0 []' in result.stdout


def test_recursivemix_demo_trains_with_the_roi_neck(core_run):
    work, result = core_run
    assert exit_code(result, 0) == 0, result.stderr[-5000:]
    log = result.stdout + result.stderr
    assert 'Epoch(train) [1][3/3]' in log and 'loss_roi_consistency' in log
    assert 'accuracy/top1' in log
    assert (work / 'train' / 'epoch_1.pth').is_file()


def test_browse_mix_draws_the_recursion(core_run):
    work, result = core_run
    assert exit_code(result, 1) == 0, result.stderr[-5000:]
    assert (work / 'browse' / 'recursion_strip.png').is_file()
    assert sorted(p.name for p in (work / 'browse').glob('iter_*.png')) == [
        'iter_000.png', 'iter_001.png', 'iter_002.png']


@pytest.mark.parametrize('index,config', [(2, PVT_CONFIG), (3, ATSS_CONFIG)])
def test_full_tier_configs_stop_with_one_line(core_run, index, config):
    _, result = core_run
    assert exit_code(result, index) == 2
    stderr = stderr_of(result, index)
    assert 'Traceback' not in stderr
    assert [line for line in stderr.splitlines() if line.strip()] == [
        f'error: {config} needs mmdet, which the core install tier leaves out (it '
        f"needs mmcv's compiled ops); install the full tier with `{FULL_TIER_COMMAND}`."]
