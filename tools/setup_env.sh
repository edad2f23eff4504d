#!/usr/bin/env bash
# Usage: bash tools/setup_env.sh [--full | --core] [--python PATH] [--wheelhouse DIR]
#
# Creates .venv and installs mmrecmix (editable) with one of two install tiers:
#
#   (no option)  the core tier: torch, torchvision, the pure mmcv-lite wheel, mmengine,
#                mmpretrain. No compiler: every mix, the RoI neck, the classifiers and
#                the pretraining configs. About 3-5 minutes on a fresh machine. A venv
#                that already has the full tier keeps it (it holds everything core has).
#   --full       the full tier: mmcv 2.1.0 compiled with its ops (replacing mmcv-lite),
#                mmdet, mmsegmentation and the test/benchmark requirements: the transfer
#                configs, PVTv2 and the test suite; and, unless installing from a
#                wheelhouse, the documentation tools (requirements/docs.txt).
#                Compiling mmcv takes 16-30 minutes
#                on 2 cores the first time; pip caches the wheel, so later venvs on the
#                same machine take a minute or two. Where a GPU is visible, mmcv is
#                built with CUDA ops too (tools/cuda_build_env.py decides: nvcc, arch
#                list, or one line naming what is wrong).
#   --core       back to exactly the core tier: removes mmcv, mmdet and mmsegmentation.
#
#   --python PATH    install into that interpreter instead of making .venv: one that
#                    already has torch (a GPU image's own python3, or a venv made with
#                    `python3 -m venv --system-site-packages`, which pip needs where the
#                    image marks its python3 externally managed, PEP 668). Only what
#                    the tier needs is added: torch, torchvision, NumPy and an OpenCV
#                    it has are never replaced, nor is opencv-python put beside an
#                    opencv-python-headless (checked against `pip freeze` at the end).
#   --wheelhouse DIR install offline, from the wheels and sdists in DIR only (pip
#                    --no-index --find-links DIR); tools/build_wheelhouse.sh fills DIR on
#                    a machine with network. A prebuilt mmcv wheel in DIR is used as is.
#
# Each step is skipped when what it installs is already there: running it again takes
# seconds. Environment: PYTHON (interpreter that makes .venv, default python3.11), VENV
# (default .venv), MAX_JOBS (compile jobs, default all cores). A step that fails stops
# the script with a non-zero status and one last line naming that step.
set -Eeuo pipefail

cd "$(dirname "$0")/.."
REPO=$PWD
usage() { echo "usage: bash tools/setup_env.sh [--full | --core] [--python PATH] [--wheelhouse DIR]" >&2; exit 2; }
TIER=default
TARGET_PYTHON=
WHEELHOUSE=
while [ $# -gt 0 ]; do
    case "$1" in
        --full) TIER=full ;;
        --core) TIER=core ;;
        --python) [ $# -ge 2 ] || usage; TARGET_PYTHON=$2; shift ;;
        --wheelhouse) [ $# -ge 2 ] || usage; WHEELHOUSE=$(cd "$2" && pwd); shift ;;
        *) usage ;;
    esac
    shift
done
PYTHON=${PYTHON:-python3.11}
VENV=${VENV:-.venv}
if [ -n "$TARGET_PYTHON" ]; then
    PY=$(command -v "$TARGET_PYTHON") || { echo "error: --python $TARGET_PYTHON: no such interpreter" >&2; exit 2; }
else
    PY="$PWD/$VENV/bin/python"
fi
export MAX_JOBS=${MAX_JOBS:-$(nproc)}
# Offline: pip reads nothing but the wheelhouse.
PIP_SOURCE=()
if [ -n "$WHEELHOUSE" ]; then PIP_SOURCE=(--no-index --find-links "$WHEELHOUSE"); fi

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

pip_install() {  # pip_install ARGS...: pip install from the index or the wheelhouse
    if [ -n "$TARGET_PYTHON" ]; then
        into_existing "$@"
    else
        "$PY" -m pip install "${PIP_SOURCE[@]}" "$@"
    fi
}

into_existing() {  # pip_install for --python: the named packages without their
    # dependencies, then the dependencies the interpreter lacks (no opencv-python next
    # to another OpenCV), torch, torchvision and NumPy held at their versions
    "$PY" -m pip install "${PIP_SOURCE[@]}" -c "$HELD" --no-deps "$@"
    local round missing
    for round in 1 2 3; do
        # (from the checkout: -r paths are relative to it; tools/ is what goes on sys.path)
        if ! missing=$("$PY" tools/missing_requirements.py "$@"); then return 1; fi
        [ -n "$missing" ] || return 0
        echo "[setup] their missing dependencies: $(echo "$missing" | tr '\n' ' ')"
        # shellcheck disable=SC2086
        (IFS=$'\n'; "$PY" -m pip install "${PIP_SOURCE[@]}" -c "$HELD" $missing)
    done
}

frozen_held() {  # the pip freeze lines of what --python never changes
    "$PY" -m pip freeze 2>/dev/null | grep -iE '^(torch|torchvision|numpy|opencv[a-z-]*)(==| @)' | sort || true
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

compatible_mmcv_wheel() {  # compatible_mmcv_wheel DIR: the path of an mmcv 2.1.0 wheel
    # in DIR whose tags this interpreter accepts (Python version, platform), if any
    [ -d "$1" ] || return 0
    (cd / && "$PY" "$REPO/tools/compatible_wheel.py" "$1" mmcv 2.1.0)
}

install_nvcc_wheels() {  # $1: the CUDA version torch is built for, e.g. 13.0
    step "the registry's CUDA $1 compiler (nvcc, nvvm, crt headers, cccl)"
    "$PY" -m pip install "${PIP_SOURCE[@]}" "nvidia-cuda-nvcc==$1.*" "nvidia-nvvm==$1.*" \
        "nvidia-cuda-crt==$1.*" "nvidia-cuda-cccl==$1.*"
    # They land in site-packages/nvidia/cuMAJOR of this interpreter, torch's runtime
    # headers and libraries in that of whichever environment installed torch: one
    # CUDA_HOME of links to both, in the checkout (nothing written into site-packages).
    CUDA_HOME=$(cd / && "$PY" "$REPO/tools/assemble_cuda_home.py" "${1%%.*}" "$REPO/build/cuda-home")
}

if [ -n "$TARGET_PYTHON" ]; then
    CURRENT_STEP="checking that pip may install into $PY"
    # PEP 668: pip refuses a distribution's own interpreter that is marked so.
    # PIP_BREAK_SYSTEM_PACKAGES=1 tells pip to install anyway.
    if [[ ! "${PIP_BREAK_SYSTEM_PACKAGES:-}" =~ ^(1|[Tt]rue|[Yy]es|[Oo]n)$ ]] && has "import os, sys, sysconfig
sys.exit(sys.prefix != sys.base_prefix or not os.path.isfile(os.path.join(
    sysconfig.get_path('stdlib'), 'EXTERNALLY-MANAGED')))"; then
        echo "error: --python $PY is marked externally managed (PEP 668): pip does not" \
            "install into it. Make a venv that sees its packages and pass that one:" \
            "$PY -m venv --system-site-packages venv && bash tools/setup_env.sh --python venv/bin/python" \
            "(or set PIP_BREAK_SYSTEM_PACKAGES=1 to install into it anyway)." >&2
        exit 2
    fi
    CURRENT_STEP="checking the torch of $PY"
    if ! has "import torch, torchvision"; then
        echo "error: --python $PY has no torch and torchvision; install them there first," \
            "or drop --python to get the tested ones in $VENV." >&2
        exit 2
    fi
    HELD=$(mktemp)
    trap 'rm -f "$HELD"' EXIT
    HELD_BEFORE=$(frozen_held)
    echo "$HELD_BEFORE" | grep -v ' @ ' > "$HELD" || true
elif [ ! -x "$PY" ]; then
    step "creating $VENV with $PYTHON"
    "$PYTHON" -m venv "$VENV"
fi

TESTED_TORCH="import torch, torchvision; assert torch.__version__.startswith('2.13.0+cu') and torchvision.__version__.startswith('0.28.0')"
# A torch put into the venv beforehand is kept when mmrecmix supports it and mmcv 2.1.0
# compiles against it (2.1 <= torch < 2.14): a CUDA build for an older driver from
# pytorch.org, say, or the one a GPU image ships.
SUPPORTED_TORCH="import torch, torchvision; v = tuple(int(p) for p in torch.__version__.split('+')[0].split('.')[:2]); assert (2, 1) <= v < (2, 14)"
# The core tier compiles nothing, so in an interpreter of the user's any torch >= 2.1 does.
ANY_TORCH="import torch; v = tuple(int(p) for p in torch.__version__.split('+')[0].split('.')[:2]); assert v >= (2, 1)"
if [ -n "$TARGET_PYTHON" ] && [ "$TIER" != full ] && has "$ANY_TORCH"; then
    step "keeping $PY's torch $(cd / && "$PY" -c 'import torch; print(torch.__version__)')"
elif has "$TESTED_TORCH"; then
    :
elif has "$SUPPORTED_TORCH"; then
    step "keeping the venv's torch $(cd / && "$PY" -c 'import torch; print(torch.__version__)') (supported; requirements/torch.txt names the tested one)"
elif [ -n "$TARGET_PYTHON" ]; then
    echo "error: $PY's torch $(cd / && "$PY" -c 'import torch; print(torch.__version__)')" \
        "is outside what the $TIER tier builds against (2.1 <= torch < 2.14 for --full:" \
        "mmcv 2.1.0 does not compile with torch >= 2.14's C++20); the core tier runs on it." >&2
    exit 2
else
    step "torch + torchvision from the registry (requirements/torch.txt, ~2 min, ~5 GB)"
    # Keep the local find-links folder (and its torch 2.13.0+cpu wheel) out of this install.
    env -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null \
        "$PY" -m pip install -r requirements/torch.txt -r requirements/build.txt
fi

# torch asks for setuptools >= 77 too; one install with both lists keeps it below 81.
if ! has "import setuptools, wheel, ninja; assert int(setuptools.__version__.split('.')[0]) < 81"; then
    step "build tools (requirements/build.txt)"
    pip_install -r requirements/build.txt
fi

if [ "$TIER" = default ]; then  # a full-tier venv stays full; --core switches it back
    if has_full_mmcv; then TIER=full; else TIER=core; fi
fi

if [ "$TIER" = full ]; then
    # CPU or CUDA build, which nvcc, which GPU architectures (tools/cuda_build_env.py);
    # a combination that cannot work stops here with one line.
    build_env=$("$PY" tools/cuda_build_env.py) || exit 2
    eval "$build_env"
    # A CUDA build has the CPU ops too (and runs where no GPU is visible): only
    # FORCE_CUDA=1 asks for one kind.
    MMCV_KIND=any
    [ "$FORCE_CUDA" = 1 ] && MMCV_KIND=1
    if ! has_full_mmcv "$MMCV_KIND"; then
        pip_uninstall mmcv-lite mmcv  # both own the mmcv package; a CPU build goes for a CUDA one
        PREBUILT=
        [ -n "$WHEELHOUSE" ] && PREBUILT=$(compatible_mmcv_wheel "$WHEELHOUSE")
        if [ -n "$PREBUILT" ]; then
            step "mmcv 2.1.0 from the prebuilt wheel $PREBUILT (nothing to compile)"
            "$PY" -m pip install --no-deps "$PREBUILT"
        elif [ "$FORCE_CUDA" = 1 ]; then
            # Built as a wheel kept per torch and GPU architectures (pip's wheel cache
            # does not tell a CUDA build from a CPU one): a re-run reuses it, and copied
            # into a wheelhouse it installs on a machine of the same Python, torch and
            # CUDA without compiling.
            torch_version=$(cd / && "$PY" -c 'import torch; print(torch.__version__)')
            KEPT="$REPO/build/mmcv-cuda/torch-$torch_version-arch-${TORCH_CUDA_ARCH_LIST//[^A-Za-z0-9.+]/-}"
            PREBUILT=$(compatible_mmcv_wheel "$KEPT")
            if [ -n "$PREBUILT" ]; then
                step "mmcv 2.1.0 from the CUDA build kept as $PREBUILT (nothing to compile)"
            else
                [ -n "$NVCC_WHEELS" ] && install_nvcc_wheels "$NVCC_WHEELS"
                step "mmcv 2.1.0 from source with its CPU and CUDA ops (arch $TORCH_CUDA_ARCH_LIST, nvcc in $CUDA_HOME; ~20 min on 2 cores, 5 on 16)"
                rm -rf "$KEPT"
                MMCV_WITH_OPS=1 FORCE_CUDA=1 CUDA_HOME="$CUDA_HOME" TORCH_CUDA_ARCH_LIST="$TORCH_CUDA_ARCH_LIST" \
                    "$PY" -m pip wheel "${PIP_SOURCE[@]}" --no-build-isolation --no-deps --no-cache-dir \
                    -w "$KEPT" mmcv==2.1.0
                PREBUILT=$(compatible_mmcv_wheel "$KEPT")
                echo "[setup] the CUDA build is kept as $PREBUILT"
            fi
            "$PY" -m pip install --no-deps "$PREBUILT"
        else
            step "mmcv 2.1.0 from source with its CPU ops (~16-30 min on 2 cores the first time)"
            # --no-deps: its requirements come with the next step, pinned there.
            MMCV_WITH_OPS=1 FORCE_CUDA=0 "$PY" -m pip install "${PIP_SOURCE[@]}" --no-build-isolation --no-deps mmcv==2.1.0
        fi
    fi
    if ! has "import mmengine, mmpretrain, mmdet, mmseg, ftfy, regex, sklearn, pytest, xdist, timm, torchmetrics"; then
        step "full tier: mmdet, mmsegmentation, runtime, test and benchmark requirements"
        pip_install -r requirements/mminstall.txt -r requirements/full.txt -r requirements.txt
    fi
    # The documentation tools come from the network only: no wheelhouse carries them
    # (tools/build_wheelhouse.sh), so an offline install, tools/gpu_check.sh's among
    # them, neither needs nor gets them.
    if [ -z "$WHEELHOUSE" ] && ! has "import sphinx, myst_parser, furo"; then
        step "full tier: the documentation tools (requirements/docs.txt)"
        pip_install -r requirements/docs.txt
    fi
    # mmcv.ops imports mmengine, so this is checked once the requirements are in.
    if [ "$FORCE_CUDA" = 1 ] && has_full_mmcv 0; then
        echo "error: the mmcv installed has no CUDA ops (a CPU build; a prebuilt wheel in" \
            "the wheelhouse?): put a CUDA build there, or set FORCE_CUDA=0 for the CPU ops." >&2
        exit 2
    elif ! has_full_mmcv "$MMCV_KIND"; then  # seen on a GPU image: a segfault here
        echo "error: the mmcv installed does not import its ops; see why with" \
            "$PY -X faulthandler -c 'import mmcv.ops'" >&2
        exit 2
    fi
else
    pip_uninstall mmdet mmsegmentation mmcv  # --core on a full-tier venv
    if ! has "import mmcv, mmengine, mmpretrain, sklearn; assert mmcv.__version__ == '2.1.0'"; then
        step "core tier: mmcv-lite, mmengine, mmpretrain (pure wheels, nothing to compile)"
        pip_install -r requirements/core.txt -r requirements/mminstall.txt -r requirements/runtime.txt
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
if [ -n "$TARGET_PYTHON" ]; then
    CURRENT_STEP="the pip freeze comparison: torch, torchvision, NumPy and OpenCV as they were"
    if [ "$(frozen_held)" != "$HELD_BEFORE" ]; then
        echo "error: installing into $PY changed what it must keep:" >&2
        diff <(echo "$HELD_BEFORE") <(frozen_held) >&2 || true
        exit 1
    fi
    step "kept as they were: $(echo "$HELD_BEFORE" | tr '\n' ' ')"
fi
step "ready ($TIER tier): $versions"
