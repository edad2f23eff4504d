"""tools/cuda_build_env.py: how `tools/setup_env.sh --full` builds mmcv on a machine
with or without GPUs (which nvcc, which arch list, which error), with a fake
nvidia-smi and nvcc."""
import os
import os.path as osp
import subprocess
import sys

import pytest
import torch
from conftest import REPO_ROOT, tool_module

cuda_build_env = tool_module('tools/cuda_build_env.py')
LIBRARY_HEADERS, BuildEnvError, decide = (
    cuda_build_env.LIBRARY_HEADERS, cuda_build_env.BuildEnvError, cuda_build_env.decide)

pytestmark = pytest.mark.stack_independent

H100 = ['9.0']


def settings(env=None, caps=H100, driver='13.0', torch_cuda='13.0', nvcc=None,
             nvcc_version=None, from_cuda_home=False):
    return decide(env or {}, caps, driver, torch_cuda, nvcc, nvcc_version,
                  from_cuda_home)


def fake_toolkit(root, release, headers=('cuda_runtime.h', ) + LIBRARY_HEADERS):
    """A CUDA toolkit folder whose nvcc reports ``release``, with ``headers``."""
    os.makedirs(root / 'bin')
    os.makedirs(root / 'include')
    for header in headers:
        (root / 'include' / header).write_text('')
    nvcc = root / 'bin' / 'nvcc'
    nvcc.write_text(f'#!/bin/sh\necho "Cuda compilation tools, release {release}, '
                    f'V{release}.1"\n')
    nvcc.chmod(0o755)
    return str(nvcc)


def test_no_gpu_builds_for_the_cpu():
    assert settings(caps=[]) == dict(FORCE_CUDA='0')


def test_force_cuda_0_wins_over_a_gpu():
    assert settings(env=dict(FORCE_CUDA='0')) == dict(FORCE_CUDA='0')


def test_gpu_with_matching_nvcc_uses_it(tmp_path):
    nvcc = fake_toolkit(tmp_path / 'cuda-13.0', '13.0')
    assert settings(nvcc=nvcc, nvcc_version='13.0') == dict(
        FORCE_CUDA='1', TORCH_CUDA_ARCH_LIST='9.0', CUDA_HOME=str(tmp_path / 'cuda-13.0'),
        NVCC_WHEELS='')


def test_arch_list_covers_every_visible_gpu_once():
    assert settings(caps=['9.0', '8.6', '9.0'])['TORCH_CUDA_ARCH_LIST'] == '8.6;9.0'


def test_arch_list_can_be_overridden():
    assert settings(env=dict(TORCH_CUDA_ARCH_LIST='8.0;9.0'))['TORCH_CUDA_ARCH_LIST'] == (
        '8.0;9.0')


def test_other_major_nvcc_on_path_falls_back_to_the_registry_wheels(tmp_path):
    nvcc = fake_toolkit(tmp_path / 'cuda-12.4', '12.4')
    result = settings(nvcc=nvcc, nvcc_version='12.4')
    assert (result['NVCC_WHEELS'], result['CUDA_HOME']) == ('13.0', '')


def test_compiler_only_toolkit_falls_back_to_the_registry_wheels(tmp_path):
    # nvcc, crt and cccl but no cuSPARSE/cuBLAS/cuSOLVER headers, as some images
    # have: ATen/cuda/CUDAContextLight.h stops at `#include <cusparse.h>`.
    nvcc = fake_toolkit(tmp_path / 'cuda-13.0', '13.0', headers=['cuda_runtime.h'])
    result = settings(nvcc=nvcc, nvcc_version='13.0')
    assert (result['NVCC_WHEELS'], result['CUDA_HOME']) == ('13.0', '')


def test_compiler_only_cuda_home_names_the_missing_headers(tmp_path):
    nvcc = fake_toolkit(tmp_path / 'cuda', '13.0', headers=['cuda_runtime.h', 'cublas_v2.h'])
    with pytest.raises(BuildEnvError, match=(
            r'has nvcc 13.0 but not cusparse.h, cublasLt.h, cusolverDn.h .*point '
            r'CUDA_HOME at a complete toolkit, or unset it')):
        settings(env=dict(CUDA_HOME=str(tmp_path / 'cuda')), nvcc=nvcc,
                 nvcc_version='13.0', from_cuda_home=True)


def test_no_nvcc_installs_the_registry_wheels():
    assert settings()['NVCC_WHEELS'] == '13.0'


@pytest.mark.parametrize('kwargs,message', [
    (dict(caps=[], env=dict(FORCE_CUDA='1')), 'FORCE_CUDA=1 but no GPU is visible'),
    (dict(driver='12.8'), 'driver runs CUDA up to 12.8 but torch is built for CUDA 13.0'),
    (dict(caps=['7.0']), 'compute capability 7.0 is below 7.5'),
    (dict(torch_cuda=None), 'this torch is a CPU build'),
    (dict(env=dict(CUDA_HOME='/opt/cuda-12.4'), nvcc='/opt/cuda-12.4/bin/nvcc',
          nvcc_version='12.4', from_cuda_home=True),
     'CUDA_HOME=/opt/cuda-12.4 has nvcc 12.4 but torch is built for CUDA 13.0'),
])
def test_wrong_combinations_name_the_fix(kwargs, message):
    with pytest.raises(BuildEnvError, match=message):
        settings(**kwargs)


def test_cross_compiling_without_a_gpu_needs_an_arch_list():
    result = settings(caps=[], env=dict(FORCE_CUDA='1', TORCH_CUDA_ARCH_LIST='9.0'))
    assert (result['FORCE_CUDA'], result['TORCH_CUDA_ARCH_LIST']) == ('1', '9.0')


# The script as tools/setup_env.sh runs it, with fake nvidia-smi and nvcc on PATH.

def fake_nvidia_smi(folder, caps, driver_cuda):
    script = folder / 'nvidia-smi'
    lines = '\\n'.join(caps)
    script.write_text(
        '#!/bin/sh\n'
        'case "$1" in\n'
        f'  --query-gpu=compute_cap) printf "{lines}\\n" ;;\n'
        f'  *) echo "| NVIDIA-SMI 580.00  Driver Version: 580.00  CUDA Version: '
        f'{driver_cuda} |" ;;\n'
        'esac\n')
    script.chmod(0o755)


def run_script(path_dirs, **env):
    full_env = {k: v for k, v in os.environ.items()
                if k not in ('FORCE_CUDA', 'TORCH_CUDA_ARCH_LIST', 'CUDA_HOME')}
    full_env.update(env, PATH=':'.join(map(str, path_dirs)) + ':/usr/bin:/bin')
    return subprocess.run([sys.executable, osp.join(REPO_ROOT, 'tools',
                                                    'cuda_build_env.py')],
                          env=full_env, capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(torch.version.cuda is None, reason='a CPU build of torch')
def test_script_with_fake_gpu_and_matching_nvcc(tmp_path):
    bin_dir = tmp_path / 'bin'
    bin_dir.mkdir()
    fake_nvidia_smi(bin_dir, ['8.9', '9.0'], torch.version.cuda)
    fake_toolkit(tmp_path / 'cuda', torch.version.cuda)
    result = run_script([bin_dir, tmp_path / 'cuda' / 'bin'])
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "FORCE_CUDA='1'", "TORCH_CUDA_ARCH_LIST='8.9;9.0'",
        f"CUDA_HOME='{tmp_path / 'cuda'}'", "NVCC_WHEELS=''"]


@pytest.mark.skipif(torch.version.cuda is None, reason='a CPU build of torch')
def test_script_with_old_driver_stops_with_one_line(tmp_path):
    fake_nvidia_smi(tmp_path, ['9.0'], '11.8')
    result = run_script([tmp_path])
    assert result.returncode == 2 and result.stdout == ''
    assert result.stderr.strip().splitlines() == [
        f'error: the NVIDIA driver runs CUDA up to 11.8 but torch is built for CUDA '
        f'{torch.version.cuda}: update the driver, or set FORCE_CUDA=0 for a CPU build.']


def test_script_without_gpu_builds_for_the_cpu(tmp_path):
    result = run_script([tmp_path])  # no nvidia-smi at all
    assert (result.returncode, result.stdout) == (0, "FORCE_CUDA='0'\n"), result.stderr
