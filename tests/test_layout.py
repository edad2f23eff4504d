"""The layout rules that keep the package and the tests readable: no module of
``mmrecmix/`` over 400 lines (a longer one holds more than one concept, or history that
belongs in docs/), and no test file importing another test file (shared helpers live
in tests/conftest.py or a helper module beside it)."""
import glob
import os.path as osp
import re

import pytest

from conftest import REPO_ROOT

pytestmark = pytest.mark.stack_independent

MAX_LINES = 400
TEST_IMPORT = re.compile(r'^\s*(from\s+test_\w*\s+import|import\s+test_\w*)', re.M)


def long_modules(package: str, limit: int = MAX_LINES) -> list:
    """``(path relative to the package's parent, line count)`` of every ``.py`` file
    under ``package`` with more than ``limit`` lines."""
    found = []
    for path in sorted(glob.glob(osp.join(package, '**', '*.py'), recursive=True)):
        with open(path) as f:
            count = sum(1 for _ in f)
        if count > limit:
            found.append((osp.relpath(path, osp.dirname(package)), count))
    return found


def test_long_modules_finds_a_long_file(tmp_path):
    package = tmp_path / 'pkg'
    (package / 'sub').mkdir(parents=True)
    (package / 'short.py').write_text('x = 1\n' * MAX_LINES)
    (package / 'sub' / 'long.py').write_text('x = 1\n' * (MAX_LINES + 1))
    (package / 'sub' / 'notes.txt').write_text('x\n' * 1000)
    assert long_modules(str(package)) == [(osp.join('pkg', 'sub', 'long.py'),
                                           MAX_LINES + 1)]


def test_no_module_of_the_package_is_over_400_lines():
    package = osp.join(REPO_ROOT, 'mmrecmix')
    assert glob.glob(osp.join(package, '**', '*.py'), recursive=True)
    too_long = long_modules(package)
    assert not too_long, 'over %d lines (split the concepts, or move the history to ' \
        'docs/): %s' % (MAX_LINES, ', '.join(f'{p} ({n})' for p, n in too_long))


def test_the_test_import_pattern():
    assert TEST_IMPORT.search('import os\nfrom test_table_configs import load\n')
    assert TEST_IMPORT.search('    import test_tools\n')
    assert not TEST_IMPORT.search('from conftest import REPO_ROOT\n')
    assert not TEST_IMPORT.search('from mmrecmix.test_utils import x\n')


def test_no_test_file_imports_another_test_file():
    offenders = []
    for path in sorted(glob.glob(osp.join(REPO_ROOT, 'tests', '**', '*.py'),
                                 recursive=True)):
        with open(path) as f:
            for line in TEST_IMPORT.findall(f.read()):
                offenders.append(f'{osp.relpath(path, REPO_ROOT)}: {line.strip()}')
    assert not offenders, ('import shared helpers from tests/conftest.py instead: '
                           + '; '.join(offenders))
