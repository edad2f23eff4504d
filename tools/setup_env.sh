#!/usr/bin/env bash
# Usage: bash tools/setup_env.sh [--full | --core]
#
# Creates .venv and installs mmrecmix (editable) with one of two install tiers:
#
#   (no option)  the core tier: torch, torchvision, the pure mmcv-lite wheel, mmengine,
#                mmpretrain. No compiler: every mix, the RoI neck, the classifiers and
#                the pretraining configs. About 3-5 minutes on a fresh machine. A venv
#                that already has the full tier keeps it (it holds everything core has).
#   --full       the full tier: mmcv 2.1.0 compiled with its ops (replacing mmcv-lite),
#                mmdet, mmsegmentation and the test/benchmark requirements: the transfer
#                configs, PVTv2 and the test suite. Compiling mmcv takes 16-30 minutes
#                on 2 cores the first time; pip caches the wheel, so later venvs on the
#                same machine take a minute or two. Where a GPU is visible, mmcv is
#                built with CUDA ops too (tools/cuda_build_env.py decides: nvcc, arch
#                list, or one line naming what is wrong).
#   --core       back to exactly the core tier: removes mmcv, mmdet and mmsegmentation.
#
# Each step is skipped when what it installs is already there: running it again takes
# seconds. Environment: PYTHON (default python3.11), VENV (default .venv), MAX_JOBS
# (compile jobs, default all cores). A step that fails stops the script with a
# non-zero status and one last line naming that step.
set -Eeuo pipefail

cd "$(dirname "$0")/.."
TIER=default
case "${1:-}" in
    '') ;;
    --full) TIER=full ;;
    --core) TIER=core ;;
    *) echo "usage: bash tools/setup_env.sh [--full | --core]" >&2; exit 2 ;;
esac
PYTHON=${PYTHON:-python3.11}
VENV=${VENV:-.venv}
PY="$PWD/$VENV/bin/python"
export MAX_JOBS=${MAX_JOBS:-$(nproc)}

CURRENT_STEP="start"
step() { CURRENT_STEP="$*"; printf '\n[setup] %s\n' "$*"; }
trap 'status=$?; echo "error: [setup] failed (exit status $status) in the step: $CURRENT_STEP" >&2' ERR

has() {  # has "python statement": true when it runs in the venv without error
    # (from /, so that the checkout itself is not on sys.path)
    (cd / && "$PY" -c "$1" >/dev/null 2>&1)
}

installed() {  # installed DIST: true when the venv has that distribution
    has "import importlib.metadata as m; m.version('$1')"
}

pip_uninstall() {  # pip_uninstall DIST...: remove those that are installed
    local dist
    for dist in "$@"; do
        if installed "$dist"; then
            step "removing $dist"
            "$PY" -m pip uninstall -y "$dist"
        fi
    done
}

has_full_mmcv() {  # mmcv (not mmcv-lite) with its compiled ops; with $1 = 1 (0), built
    # with (without) CUDA kernels
    installed mmcv && has "from mmcv.ops import roi_align, nms, get_compiling_cuda_version
want = '${1:-any}'
assert want == 'any' or (get_compiling_cuda_version() != 'not available') == (want == '1')"
}

install_nvcc_wheels() {  # $1: the CUDA version torch is built for, e.g. 13.0
    step "the registry's CUDA $1 compiler (nvcc, nvvm, crt headers, cccl)"
    "$PY" -m pip install "nvidia-cuda-nvcc==$1.*" "nvidia-nvvm==$1.*" \
        "nvidia-cuda-crt==$1.*" "nvidia-cuda-cccl==$1.*"
    # They land beside torch's CUDA runtime, in site-packages/nvidia/cuMAJOR.
    CUDA_HOME=$(cd / && "$PY" -c "import nvidia; print(list(nvidia.__path__)[0])")/cu${1%%.*}
    # torch's extension build links -lcudart; the runtime wheel only ships libcudart.so.N.
    [ -e "$CUDA_HOME/lib/libcudart.so" ] || ln -s "libcudart.so.${1%%.*}" "$CUDA_HOME/lib/libcudart.so"
}

if [ ! -x "$PY" ]; then
    step "creating $VENV with $PYTHON"
    "$PYTHON" -m venv "$VENV"
fi

TESTED_TORCH="import torch, torchvision; assert torch.__version__.startswith('2.13.0+cu') and torchvision.__version__.startswith('0.28.0')"
# A torch put into the venv beforehand is kept when mmrecmix supports it and mmcv 2.1.0
# compiles against it (2.1 <= torch < 2.14): a CUDA build for an older driver from
# pytorch.org, say, or the one a GPU image ships.
SUPPORTED_TORCH="import torch, torchvision; v = tuple(int(p) for p in torch.__version__.split('+')[0].split('.')[:2]); assert (2, 1) <= v < (2, 14)"
if has "$TESTED_TORCH"; then
    :
elif has "$SUPPORTED_TORCH"; then
    step "keeping the venv's torch $(cd / && "$PY" -c 'import torch; print(torch.__version__)') (supported; requirements/torch.txt names the tested one)"
else
    step "torch + torchvision from the registry (requirements/torch.txt, ~2 min, ~5 GB)"
    # Keep the local find-links folder (and its torch 2.13.0+cpu wheel) out of this install.
    env -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null \
        "$PY" -m pip install -r requirements/torch.txt -r requirements/build.txt
fi

# torch asks for setuptools >= 77 too; one install with both lists keeps it below 81.
if ! has "import setuptools, wheel, ninja; assert int(setuptools.__version__.split('.')[0]) < 81"; then
    step "build tools (requirements/build.txt)"
    "$PY" -m pip install -r requirements/build.txt
fi

if [ "$TIER" = default ]; then  # a full-tier venv stays full; --core switches it back
    if has_full_mmcv; then TIER=full; else TIER=core; fi
fi

if [ "$TIER" = full ]; then
    # CPU or CUDA build, which nvcc, which GPU architectures (tools/cuda_build_env.py);
    # a combination that cannot work stops here with one line.
    build_env=$("$PY" tools/cuda_build_env.py) || exit 2
    eval "$build_env"
    if ! has_full_mmcv "$FORCE_CUDA"; then
        pip_uninstall mmcv-lite mmcv  # both own the mmcv package; a build for the other case goes too
        if [ "$FORCE_CUDA" = 1 ]; then
            [ -n "$NVCC_WHEELS" ] && install_nvcc_wheels "$NVCC_WHEELS"
            step "mmcv 2.1.0 from source with its CPU and CUDA ops (arch $TORCH_CUDA_ARCH_LIST, nvcc in $CUDA_HOME)"
            # --no-cache-dir: pip's wheel cache does not tell a CUDA build from a CPU one.
            MMCV_WITH_OPS=1 FORCE_CUDA=1 CUDA_HOME="$CUDA_HOME" TORCH_CUDA_ARCH_LIST="$TORCH_CUDA_ARCH_LIST" \
                "$PY" -m pip install --no-build-isolation --no-deps --no-cache-dir mmcv==2.1.0
        else
            step "mmcv 2.1.0 from source with its CPU ops (~16-30 min on 2 cores the first time)"
            # --no-deps: its requirements come with the next step, pinned there.
            MMCV_WITH_OPS=1 FORCE_CUDA=0 "$PY" -m pip install --no-build-isolation --no-deps mmcv==2.1.0
        fi
    fi
    if ! has "import mmengine, mmpretrain, mmdet, mmseg, ftfy, regex, sklearn, pytest, timm"; then
        step "full tier: mmdet, mmsegmentation, runtime, test and benchmark requirements"
        "$PY" -m pip install -r requirements/mminstall.txt -r requirements/full.txt -r requirements.txt
    fi
    # mmcv.ops imports mmengine, so this is checked once the requirements are in.
    if ! has_full_mmcv "$FORCE_CUDA"; then  # seen on a GPU image: a segfault here
        echo "error: the mmcv just built does not import its ops; see why with" \
            "$VENV/bin/python -X faulthandler -c 'import mmcv.ops'" >&2
        exit 2
    fi
else
    pip_uninstall mmdet mmsegmentation mmcv  # --core on a full-tier venv
    if ! has "import mmcv, mmengine, mmpretrain, sklearn; assert mmcv.__version__ == '2.1.0'"; then
        step "core tier: mmcv-lite, mmengine, mmpretrain (pure wheels, nothing to compile)"
        "$PY" -m pip install -r requirements/core.txt -r requirements/mminstall.txt -r requirements/runtime.txt
    fi
fi

if ! installed mmrecmix; then
    step "mmrecmix in editable mode"
    "$PY" -m pip install --no-build-isolation --no-deps -e .
fi

CURRENT_STEP="the final check: import torch, mmcv, mmengine, mmpretrain and mmrecmix"
versions=$(cd / && "$PY" -c "
import importlib, torch, mmcv, mmengine, mmpretrain, mmrecmix
found = ['torch ' + torch.__version__, 'mmcv ' + mmcv.__version__,
         'mmengine ' + mmengine.__version__, 'mmpretrain ' + mmpretrain.__version__]
for name in ('mmdet', 'mmseg'):
    try:
        found.append(name + ' ' + importlib.import_module(name).__version__)
    except ImportError:
        pass
print(' | '.join(found + ['mmrecmix ' + mmrecmix.__version__]))")
step "ready ($TIER tier): $versions"
