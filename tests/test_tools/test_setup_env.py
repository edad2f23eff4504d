"""tools/setup_env.sh stops loudly: a failing step (the final import included) exits
non-zero with one last line naming it."""
import os
import os.path as osp
import subprocess
import sys
import zipfile

import pytest
from conftest import REPO_ROOT, tool_module

pytestmark = pytest.mark.stack_independent

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


SYSTEM_PYTHON = '/usr/bin/python3'


def externally_managed(python: str) -> bool:
    """Whether ``python`` is a distribution's interpreter marked by PEP 668."""
    check = ('import os, sys, sysconfig; sys.exit(not os.path.isfile(os.path.join('
             'sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")))')
    return osp.isfile(python) and subprocess.run([python, '-c', check]).returncode == 0


@pytest.mark.skipif(not externally_managed(SYSTEM_PYTHON),
                    reason=f'{SYSTEM_PYTHON} is not marked externally managed here')
def test_an_externally_managed_python_is_refused_naming_the_venv_to_make():
    result = subprocess.run(['bash', 'tools/setup_env.sh', '--python', SYSTEM_PYTHON],
                            cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert 'is marked externally managed (PEP 668)' in result.stderr
    assert f'{SYSTEM_PYTHON} -m venv --system-site-packages venv' in result.stderr
    assert 'pip install' not in result.stdout


NO_SITE_WRAPPER = '''#!/usr/bin/env bash
exec "{python}" -S "$@"
'''


def test_python_without_torch_is_refused_naming_the_fix(tmp_path):
    """``--python`` into an interpreter without torch stops before installing
    anything (here the test interpreter with its site-packages switched off)."""
    python = tmp_path / 'python'
    python.write_text(NO_SITE_WRAPPER.format(python=sys.executable))
    python.chmod(0o755)
    result = subprocess.run(['bash', 'tools/setup_env.sh', '--python', str(python)],
                            cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert 'has no torch and torchvision; install them there first' in result.stderr
    assert 'pip install' not in result.stdout


@pytest.mark.parametrize('args', [['--python'], ['--wheelhouse'], ['--gpu']])
def test_bad_options_print_the_usage(args):
    result = subprocess.run(['bash', 'tools/setup_env.sh', *args], cwd=REPO_ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and result.stderr.startswith('usage: bash tools/setup_env.sh')


def fake_cuda_site(root, files):
    """A site-packages folder with ``nvidia/cu13/<files>`` (empty files)."""
    for name in files:
        path = root / 'nvidia' / 'cu13' / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text('')
    return root


def listing(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob('*'))


def run_assemble(tmp_path, *sites):
    # -S: only the fake site-packages folders are on sys.path.
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(str(s) for s in sites))
    return subprocess.run(
        [sys.executable, '-S', osp.join(REPO_ROOT, 'tools', 'assemble_cuda_home.py'), '13',
         str(tmp_path / 'cuda-home')], env=env, capture_output=True, text=True,
        timeout=60)


def test_one_cuda_home_from_the_venvs_and_the_images_nvidia_folders(tmp_path):
    """nvcc in the venv's site-packages, the runtime in the image's (a
    --system-site-packages venv): one CUDA_HOME of links, nothing written into
    either site-packages."""
    venv_site = fake_cuda_site(tmp_path / 'venv-site', [
        'bin/nvcc', 'nvvm/bin/cicc', 'nvvm/libdevice/libdevice.10.bc',
        'include/crt/host_defines.h'])
    image_site = fake_cuda_site(tmp_path / 'image-site', [
        'include/cuda_runtime.h', 'include/cusparse.h', 'lib/libcudart.so.13'])
    before = listing(venv_site), listing(image_site)
    result = run_assemble(tmp_path, venv_site, image_site)
    assert result.returncode == 0, result.stderr
    home = tmp_path / 'cuda-home'
    assert result.stdout.strip() == str(home)
    # nvcc runs ../nvvm/bin/cicc from where it is called: nvvm/ sits beside bin/.
    for name in ('bin/nvcc', 'nvvm/bin/cicc', 'nvvm/libdevice/libdevice.10.bc',
                 'include/cuda_runtime.h', 'include/cusparse.h',
                 'include/crt/host_defines.h', 'lib/libcudart.so'):
        assert (home / name).exists(), name
    assert osp.realpath(home / 'lib' / 'libcudart.so') == str(
        image_site / 'nvidia' / 'cu13' / 'lib' / 'libcudart.so.13')
    assert (listing(venv_site), listing(image_site)) == before


def test_a_cuda_home_without_the_runtime_headers_names_them(tmp_path):
    venv_site = fake_cuda_site(tmp_path / 'venv-site', ['bin/nvcc'])
    result = run_assemble(tmp_path, venv_site)
    assert result.returncode == 1
    assert ('has nvvm/bin/cicc, include/cuda_runtime.h, include/cusparse.h, '
            'lib/libcudart.so') in result.stderr


def test_missing_requirements_reads_nested_files_and_skips_the_held_packages():
    missing = tool_module('tools/missing_requirements.py')
    from packaging.requirements import Requirement
    names = missing.distribution_names(['-r', osp.join(REPO_ROOT, 'requirements.txt'),
                                        'mmengine'])
    assert names == ['mmengine', 'mmpretrain', 'scikit-learn', 'pytest', 'torchmetrics',
                     'pytest-xdist', 'timm']
    assert not missing.unmet(Requirement('mmengine>=0.10'), skip_opencv=False)
    assert missing.unmet(Requirement('mmengine>=99'), skip_opencv=False)
    assert missing.unmet(Requirement('no-such-dist-anywhere'), skip_opencv=False)
    assert not missing.unmet(Requirement('no-such-dist; python_version < "3"'),
                             skip_opencv=False)
    # Another OpenCV provides cv2: opencv-python is never asked for.
    assert not missing.unmet(Requirement('opencv-python>=99'), skip_opencv=True)
    assert missing.unmet(Requirement('opencv-python>=99'), skip_opencv=False)


def fake_wheel(folder, filename, requires=()):
    """A wheel file holding only its METADATA, with these Requires-Dist lines."""
    name, version = filename.split('-')[:2]
    lines = ['Metadata-Version: 2.1', f'Name: {name}', f'Version: {version}']
    lines += [f'Requires-Dist: {requirement}' for requirement in requires]
    with zipfile.ZipFile(folder / filename, 'w') as wheel:
        wheel.writestr(f'{name}-{version}.dist-info/METADATA', '\n'.join(lines) + '\n')


def test_prune_wheelhouse_leaves_out_only_what_the_target_surely_has(tmp_path):
    """The target's pip freeze or bare package names: a wheel goes when the target
    has that distribution at a version our requirement files and the other wheels
    accept (or, name only, our files say nothing of it); a constrained name without
    a version stays; torch, NumPy and opencv-python (next to the target's OpenCV)
    always go; the mmcv sdist stays."""
    wheels = tmp_path / 'wheels'
    wheels.mkdir()
    fake_wheel(wheels, 'scikit_learn-1.9.1-cp312-cp312-x.whl',
               ['scipy>=1.10.0', 'joblib>=1.4', 'pytest>=7; extra == "tests"'])
    for name in ['setuptools-80.10.2-py3-none-any.whl', 'scipy-1.18.1-cp312-cp312-x.whl',
                 'joblib-1.6.0-py3-none-any.whl', 'pytest-9.2.0-py3-none-any.whl',
                 'mmengine-0.10.7-py3-none-any.whl', 'numpy-2.5.5-cp312-cp312-x.whl',
                 'opencv_python-5.0.0.93-cp37-abi3-x.whl', 'PyYAML-6.0.4-cp312-x.whl',
                 'rich-15.0.0-py3-none-any.whl']:
        fake_wheel(wheels, name)
    (wheels / 'mmcv-2.1.0.tar.gz').write_bytes(b'')
    requirements = tmp_path / 'requirements.txt'
    nested = tmp_path / 'nested.txt'
    requirements.write_text('-r nested.txt\nmmengine>=0.10,<1.0\nscipy\n')
    nested.write_text('setuptools<81  # pkg_resources\nrich>=99\n')
    have = tmp_path / 'have.txt'
    # freeze lines and a comma-separated list of names, as an image's docs give it
    have.write_text('mmengine==0.9.0\nrich==15.0.0\nnumpy==2.5.5\nscipy==1.9.3\n'
                    'joblib==1.4.2\npytest==6.0\nscikit-learn==1.9.1\n'
                    'setuptools, pyyaml, opencv-python-headless\n'
                    'torch @ file:///wheels/torch.whl\n')
    result = subprocess.run(
        [sys.executable, osp.join(REPO_ROOT, 'tools', 'prune_wheelhouse.py'), str(wheels),
         str(have), str(requirements)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    left = sorted(p.name for p in wheels.iterdir())
    assert left == ['mmcv-2.1.0.tar.gz',  # sources always stay
                    'mmengine-0.10.7-py3-none-any.whl',  # the target's 0.9 is too old
                    'rich-15.0.0-py3-none-any.whl',  # 15.0 fails rich>=99
                    'scipy-1.18.1-cp312-cp312-x.whl',  # scikit-learn asks scipy>=1.10
                    'setuptools-80.10.2-py3-none-any.whl']  # <81 and no version given
    # joblib 1.4.2 meets >=1.4; pytest 6.0 is asked for by an extra only
    assert 'the target has numpy: numpy-2.5.5-cp312-cp312-x.whl left out' in result.stdout
    assert 'MB without what the target has' in result.stdout.splitlines()[-1]


def test_compatible_wheel_takes_only_a_wheel_this_interpreter_installs(tmp_path):
    """A wheelhouse holding mmcv wheels for another Python and another platform
    next to this interpreter's: the set-up's pick is this interpreter's, and none when
    only foreign ones (or another version) are there."""
    compatible_wheel = tool_module('tools/compatible_wheel.py').compatible_wheel
    from packaging.tags import sys_tags
    here = next(iter(sys_tags()))
    other_python = 'cp39' if here.interpreter != 'cp39' else 'cp310'
    foreign = [f'mmcv-2.1.0-{other_python}-{other_python}-{here.platform}.whl',
               f'mmcv-2.1.0-{here.interpreter}-{here.abi}-win_amd64.whl',
               f'mmcv-2.0.1-{here.interpreter}-{here.abi}-{here.platform}.whl']
    for name in foreign:
        (tmp_path / name).write_bytes(b'')
    assert compatible_wheel(str(tmp_path), 'mmcv', '2.1.0') is None
    ours = tmp_path / f'mmcv-2.1.0-{here.interpreter}-{here.abi}-{here.platform}.whl'
    ours.write_bytes(b'')
    assert compatible_wheel(str(tmp_path), 'mmcv', '2.1.0') == str(ours)
    result = subprocess.run(
        [sys.executable, osp.join(REPO_ROOT, 'tools', 'compatible_wheel.py'),
         str(tmp_path), 'mmcv', '2.1.0'], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.strip() == str(ours)
    missing_version = subprocess.run(
        [sys.executable, osp.join(REPO_ROOT, 'tools', 'compatible_wheel.py'),
         str(tmp_path), 'mmcv'], capture_output=True, text=True, timeout=60)
    assert missing_version.returncode == 2 and 'version' in missing_version.stderr
