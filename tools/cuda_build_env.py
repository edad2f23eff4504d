"""How ``tools/setup_env.sh --full`` builds mmcv's ops: for the CPU, or with CUDA.

Run with the venv's python (torch installed). Prints shell assignments for
``eval``: ``FORCE_CUDA``, and for a CUDA build ``TORCH_CUDA_ARCH_LIST``, ``CUDA_HOME``
(empty when the registry's compiler wheels must be installed first) and
``NVCC_WHEELS`` (the CUDA version of those wheels, else empty). The machine's nvcc is
used when its CUDA major version is torch's and its toolkit has the library headers
torch's CUDA headers include; else the registry's wheels. A combination that
cannot work prints one ``error: ...`` line naming the fix and exits with 2.

What is looked at: ``nvidia-smi`` (the visible GPUs' compute capabilities and the
CUDA version the driver supports), the CUDA version torch was built for, ``nvcc``
(``$CUDA_HOME/bin/nvcc`` or on ``PATH``), and the variables ``FORCE_CUDA``,
``TORCH_CUDA_ARCH_LIST`` and ``CUDA_HOME``.
"""
import os
import os.path as osp
import re
import shutil
import subprocess
import sys
from typing import List, Optional, Tuple

# CUDA 13 compiles for compute capability 7.5 (Turing) and newer only.
OLDEST_ARCH = {13: (7, 5), 12: (5, 0)}


class BuildEnvError(Exception):
    """A combination of GPU, driver, torch and compiler that cannot build mmcv."""


def _run(command: List[str]) -> Optional[str]:
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=60,
                              check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None


def gpu_compute_caps() -> List[str]:
    """Compute capabilities of the visible GPUs (``['9.0']``), none without a driver."""
    out = _run(['nvidia-smi', '--query-gpu=compute_cap', '--format=csv,noheader'])
    return [line.strip() for line in (out or '').splitlines() if line.strip()]


def driver_cuda_version() -> Optional[str]:
    """The newest CUDA the driver runs, from ``nvidia-smi``'s header."""
    match = re.search(r'CUDA Version:\s*([\d.]+)', _run(['nvidia-smi']) or '')
    return match.group(1) if match else None


def find_nvcc(env: dict) -> Tuple[Optional[str], bool]:
    """``(path of nvcc or None, whether CUDA_HOME chose it)``."""
    if env.get('CUDA_HOME'):
        return osp.join(env['CUDA_HOME'], 'bin', 'nvcc'), True
    return shutil.which('nvcc', path=env.get('PATH')), False


# The CUDA library headers that torch's own CUDA headers include (ATen/cuda/
# CUDAContextLight.h), so every mmcv source that uses ATen's CUDA context needs them. A
# compiler-only toolkit (nvcc, crt and cccl, as some images put in /usr/local/cuda)
# lacks them; torch's nvidia-* runtime wheels ship them beside the registry's nvcc.
LIBRARY_HEADERS = ('cusparse.h', 'cublas_v2.h', 'cublasLt.h', 'cusolverDn.h')


def toolkit_root(nvcc: str) -> Optional[str]:
    """The CUDA toolkit folder of ``nvcc`` (with ``bin/nvcc`` and
    ``include/cuda_runtime.h``). An ``nvcc`` on ``PATH`` may be a wrapper script (as
    ``/usr/local/bin/nvcc`` is on some images), so ``/usr/local/cuda`` is tried too."""
    for root in (osp.dirname(osp.dirname(osp.realpath(nvcc))), '/usr/local/cuda'):
        if osp.isfile(osp.join(root, 'include', 'cuda_runtime.h')) and osp.isfile(
                osp.join(root, 'bin', 'nvcc')):
            return root
    return None


def missing_headers(root: str) -> List[str]:
    """The :data:`LIBRARY_HEADERS` that the toolkit at ``root`` does not have."""
    return [name for name in LIBRARY_HEADERS
            if not osp.isfile(osp.join(root, 'include', name))]


def nvcc_release(nvcc: Optional[str]) -> Optional[str]:
    """``'13.0'`` from ``nvcc --version``, ``None`` when it does not run."""
    match = re.search(r'release ([\d.]+)', (_run([nvcc, '--version']) if nvcc else None)
                      or '')
    return match.group(1) if match else None


def _major(version: str) -> int:
    return int(version.split('.')[0])


def _arch_list(caps: List[str], torch_cuda: str) -> str:
    oldest = OLDEST_ARCH.get(_major(torch_cuda), (0, 0))
    too_old = [cap for cap in caps if tuple(map(int, cap.split('.'))) < oldest]
    if too_old:
        raise BuildEnvError(
            f'the GPU compute capability {too_old[0]} is below '
            f'{oldest[0]}.{oldest[1]}, the oldest CUDA {torch_cuda} compiles for: use '
            'a torch built for an older CUDA, or FORCE_CUDA=0 for a CPU build.')
    return ';'.join(sorted(set(caps), key=lambda cap: tuple(map(int, cap.split('.')))))


def decide(env: dict, caps: List[str], driver_cuda: Optional[str],
           torch_cuda: Optional[str], nvcc: Optional[str], nvcc_version: Optional[str],
           nvcc_from_cuda_home: bool) -> dict:
    """The build settings for this machine, or :class:`BuildEnvError`."""
    force = env.get('FORCE_CUDA')
    arch_override = env.get('TORCH_CUDA_ARCH_LIST')
    if force == '0' or (not caps and force != '1'):
        return dict(FORCE_CUDA='0')
    if not caps and not arch_override:
        raise BuildEnvError(
            'FORCE_CUDA=1 but no GPU is visible (nvidia-smi lists none): unset '
            'FORCE_CUDA for a CPU build, or set TORCH_CUDA_ARCH_LIST (e.g. 9.0) to '
            'compile for the GPUs of another machine.')
    if torch_cuda is None:
        raise BuildEnvError(
            'a CUDA build was asked for but this torch is a CPU build: remove .venv '
            'and run the set-up again (it installs the registry\'s CUDA torch), or '
            'set FORCE_CUDA=0.')
    if caps and driver_cuda and _major(driver_cuda) < _major(torch_cuda):
        raise BuildEnvError(
            f'the NVIDIA driver runs CUDA up to {driver_cuda} but torch is built for '
            f'CUDA {torch_cuda}: update the driver, or set FORCE_CUDA=0 for a CPU '
            'build.')
    settings = dict(FORCE_CUDA='1',
                    TORCH_CUDA_ARCH_LIST=arch_override or _arch_list(caps, torch_cuda),
                    CUDA_HOME='', NVCC_WHEELS='')
    root = toolkit_root(nvcc) if nvcc else None
    same_major = bool(nvcc_version) and _major(nvcc_version) == _major(torch_cuda)
    missing = missing_headers(root) if root else ['cuda_runtime.h']
    if root and same_major and not missing:
        settings['CUDA_HOME'] = root
    elif nvcc_from_cuda_home and not same_major:
        raise BuildEnvError(
            f'CUDA_HOME={env["CUDA_HOME"]} has nvcc {nvcc_version or "(none found)"} '
            f'but torch is built for CUDA {torch_cuda}: point CUDA_HOME at a CUDA '
            f'{_major(torch_cuda)} toolkit, or unset it to get the registry\'s '
            f'nvcc {torch_cuda}.')
    elif nvcc_from_cuda_home:
        raise BuildEnvError(
            f'CUDA_HOME={env["CUDA_HOME"]} has nvcc {nvcc_version} but not '
            f'{", ".join(missing)} (torch\'s CUDA headers include them): point '
            'CUDA_HOME at a complete toolkit, or unset it to get the registry\'s nvcc '
            f'{torch_cuda}, which uses the headers of torch\'s CUDA wheels.')
    else:
        settings['NVCC_WHEELS'] = torch_cuda
    return settings


def main() -> None:
    import torch
    env = dict(os.environ)
    nvcc, from_cuda_home = find_nvcc(env)
    try:
        settings = decide(env, gpu_compute_caps(), driver_cuda_version(),
                          torch.version.cuda, nvcc, nvcc_release(nvcc), from_cuda_home)
    except BuildEnvError as error:
        print(f'error: {error}', file=sys.stderr)
        sys.exit(2)
    for key, value in settings.items():
        print(f"{key}='{value}'")


if __name__ == '__main__':
    main()
