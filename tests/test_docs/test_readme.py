import os.path as osp
import re
import subprocess

import pytest
from conftest import REPO_ROOT

pytestmark = pytest.mark.stack_independent


def read(*parts):
    with open(osp.join(REPO_ROOT, *parts)) as f:
        return f.read()


def test_ci_runs_the_readme_test_command():
    blocks = re.findall(r'```bash\n(.*?)\n```', read('README.md'), re.S)
    assert len(blocks) == 2, 'the README gives exactly two newcomer commands'
    setup_and_train, setup_and_test = blocks
    assert 'tools/train.py configs/demo/' in setup_and_train
    assert setup_and_train.startswith('bash tools/setup_env.sh &&')  # the core tier
    assert setup_and_test.startswith('bash tools/setup_env.sh --full &&')
    assert 'pytest' in setup_and_test
    assert setup_and_test in read('.ci', 'run').splitlines()


def run_disk_check(*args):
    return subprocess.run(['bash', osp.join(REPO_ROOT, '.ci', 'check_disk.sh'), *args],
                          capture_output=True, text=True)


def test_ci_checks_free_disk_before_it_installs():
    ci_lines = read('.ci', 'run').splitlines()
    check = next(i for i, line in enumerate(ci_lines) if line.startswith('bash .ci/check_disk.sh'))
    setup = next(i for i, line in enumerate(ci_lines) if 'tools/setup_env.sh' in line)
    assert check < setup


def test_the_disk_check_names_the_fix_when_space_is_short(tmp_path):
    enough = run_disk_check('0', str(tmp_path))
    assert enough.returncode == 0 and 'GiB free' in enough.stdout
    short = run_disk_check('1000000', str(tmp_path))
    assert short.returncode == 1
    assert 'CI needs 1000000 GiB' in short.stderr and 'Free space first' in short.stderr
    assert run_disk_check('twenty').returncode == 2
    missing = run_disk_check('0', str(tmp_path / 'nope'))
    assert missing.returncode == 2 and 'is not a folder' in missing.stderr
