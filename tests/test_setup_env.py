"""tools/setup_env.sh stops loudly: a failing step (the final import included) exits
non-zero with one last line naming it."""
import os
import os.path as osp
import subprocess
import sys

import pytest
from conftest import REPO_ROOT

REPO_VENV = osp.join(REPO_ROOT, '.venv')

BROKEN_WRAPPER = '''#!/usr/bin/env bash
PYTHONPATH="{shadow}" exec "{python}" "$@"
'''


@pytest.mark.full_tier  # the wrapped venv must already hold the full tier
@pytest.mark.skipif(osp.realpath(sys.prefix) != osp.realpath(REPO_VENV),
                    reason="the tests do not run in this checkout's .venv")
def test_a_failing_final_import_fails_the_setup(tmp_path):
    """A venv where everything is installed but ``import mmrecmix`` fails (here a
    broken mmrecmix shadows the real one): every install step is skipped, and the
    final check exits non-zero naming itself instead of printing "ready"."""
    shadow = tmp_path / 'shadow' / 'mmrecmix'
    shadow.mkdir(parents=True)
    (shadow / '__init__.py').write_text("raise ImportError('a broken mmrecmix')\n")
    venv = tmp_path / 'venv'
    (venv / 'bin').mkdir(parents=True)
    python = venv / 'bin' / 'python'
    python.write_text(BROKEN_WRAPPER.format(shadow=shadow.parent,
                                            python=osp.join(REPO_VENV, 'bin', 'python')))
    python.chmod(0o755)
    result = subprocess.run(
        ['bash', 'tools/setup_env.sh', '--full'], cwd=REPO_ROOT,
        env=dict(os.environ, VENV=osp.relpath(venv, REPO_ROOT)),
        capture_output=True, text=True, timeout=600)
    assert result.returncode != 0
    assert '[setup] ready' not in result.stdout
    assert 'a broken mmrecmix' in result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        'error: [setup] failed (exit status 1) in the step: the final check: import '
        'torch, mmcv, mmengine, mmpretrain and mmrecmix')
    assert 'mmrecmix in editable mode' not in result.stdout  # nothing reinstalled
