import os.path as osp
import re

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
