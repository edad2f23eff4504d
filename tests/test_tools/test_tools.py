"""tools/train.py, tools/test.py and tools/dist_train.sh on the demo config."""
import glob
import os
import os.path as osp
import subprocess
import sys

import pytest
import torch
from conftest import DEMO_CONFIG, REPO_ROOT, TINY_DIGITS, free_port, run_tool

import mmrecmix  # noqa: F401

REPO_VENV = osp.join(REPO_ROOT, '.venv')


def assert_ok(result):
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]


def checkpoint_meta(path):
    return torch.load(path, map_location='cpu')['meta']  # the safe default loader


@pytest.fixture(scope='module')
def trained(tmp_path_factory):
    work_dir = tmp_path_factory.mktemp('demo')
    result = run_tool('train.py', DEMO_CONFIG, '--work-dir', work_dir,
                      '--cfg-options', 'train_cfg.max_epochs=1', *TINY_DIGITS)
    assert_ok(result)
    return work_dir, result


def test_train_writes_checkpoint_and_logs_progress(trained):
    work_dir, result = trained
    checkpoint = osp.join(work_dir, 'epoch_1.pth')
    assert osp.isfile(checkpoint)
    meta = checkpoint_meta(checkpoint)
    assert (meta['epoch'], meta['iter']) == (1, 2)
    log = result.stdout + result.stderr
    assert 'Epoch(train) [1][2/2]' in log
    assert 'accuracy/top1' in log


def test_test_tool_loads_checkpoint_and_reports_metric(trained, tmp_path):
    work_dir, _ = trained
    out = tmp_path / 'preds.pkl'
    result = run_tool('test.py', DEMO_CONFIG, osp.join(work_dir, 'epoch_1.pth'),
                      '--work-dir', tmp_path, '--out', out, '--cfg-options',
                      'test_dataloader.dataset.indices=64')
    assert_ok(result)
    log = result.stdout + result.stderr
    assert 'Load checkpoint from' in log
    assert 'Epoch(test) [1/1]' in log and 'accuracy/top1' in log
    assert out.is_file() and out.stat().st_size > 0


def test_resume_continues_at_the_right_iteration(trained, tmp_path):
    work_dir, _ = trained
    result = run_tool('train.py', DEMO_CONFIG, '--work-dir', tmp_path, '--resume',
                      osp.join(work_dir, 'epoch_1.pth'), '--cfg-options',
                      'train_cfg.max_epochs=2', *TINY_DIGITS)
    assert_ok(result)
    log = result.stdout + result.stderr
    assert 'resumed epoch: 1, iter: 2' in log
    assert 'Epoch(train) [1]' not in log  # the first epoch is not trained again
    assert 'Epoch(train) [2][2/2]' in log
    meta = checkpoint_meta(osp.join(tmp_path, 'epoch_2.pth'))
    assert (meta['epoch'], meta['iter']) == (2, 4)


def launcher_env(**extra):
    """The environment of a shell with no venv or conda env activated and no python
    with torch on PATH, as a newcomer runs the launchers after tools/setup_env.sh."""
    env = {k: v for k, v in os.environ.items()
           if k not in ('PYTHON', 'VIRTUAL_ENV', 'CONDA_PREFIX', 'PYTHONPATH')}
    env['PATH'] = '/usr/bin:/bin'
    return dict(env, **extra)


@pytest.mark.distributed
@pytest.mark.skipif(osp.realpath(sys.prefix) != osp.realpath(REPO_VENV),
                    reason="the tests do not run in this checkout's .venv")
def test_dist_train_as_the_readme_writes_it(tmp_path):
    """`tools/dist_train.sh CONFIG 2`, no venv activated: it finds .venv itself and
    runs two CPU processes."""
    result = subprocess.run(
        ['tools/dist_train.sh', DEMO_CONFIG, '2', '--work-dir', str(tmp_path),
         '--cfg-options', 'train_cfg.max_epochs=1', *TINY_DIGITS],
        cwd=REPO_ROOT, env=launcher_env(PORT=free_port()), capture_output=True, text=True,
        timeout=600)
    assert_ok(result)
    log = result.stdout + result.stderr
    assert 'Distributed launcher: pytorch' in log
    assert 'Distributed training: True' in log
    # Two ranks share the 64 samples: one batch of 32 each per epoch.
    assert checkpoint_meta(osp.join(tmp_path, 'epoch_1.pth'))['iter'] == 1
    assert len(glob.glob(osp.join(tmp_path, '*', '*.log'))) == 1  # rank 0 logs


@pytest.mark.parametrize('script', ['dist_train.sh', 'dist_test.sh', 'slurm_train.sh',
                                    'slurm_test.sh'])
def test_launchers_name_the_fix_without_torch(script):
    result = subprocess.run(['bash', osp.join('tools', script), 'a', 'b', 'c', 'd'],
                            cwd=REPO_ROOT, env=launcher_env(PYTHON='/bin/false'),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith('error: /bin/false cannot import torch.')
    assert 'bash tools/setup_env.sh' in result.stderr
