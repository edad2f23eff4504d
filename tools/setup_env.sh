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
#                same machine take a minute or two.
#   --core       back to exactly the core tier: removes mmcv, mmdet and mmsegmentation.
#
# Each step is skipped when what it installs is already there: running it again takes
# seconds. Environment: PYTHON (default python3.11), VENV (default .venv), MAX_JOBS
# (compile jobs, default all cores).
set -euo pipefail

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

step() { printf '\n[setup] %s\n' "$*"; }

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

has_full_mmcv() {  # mmcv (not mmcv-lite) with its compiled ops
    installed mmcv && has "import mmcv.ops; from mmcv.ops import roi_align, nms"
}

if [ ! -x "$PY" ]; then
    step "creating $VENV with $PYTHON"
    "$PYTHON" -m venv "$VENV"
fi

if ! has "import torch, torchvision; assert torch.__version__.startswith('2.13.0+cu') and torchvision.__version__.startswith('0.28.0')"; then
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
    if ! has_full_mmcv; then
        pip_uninstall mmcv-lite mmcv  # both own the mmcv package
        step "mmcv 2.1.0 from source with its ops (~16-30 min on 2 cores the first time)"
        # --no-deps: its requirements come with the next step, pinned there.
        MMCV_WITH_OPS=1 FORCE_CUDA=0 "$PY" -m pip install --no-build-isolation --no-deps mmcv==2.1.0
    fi
    if ! has "import mmengine, mmpretrain, mmdet, mmseg, ftfy, regex, sklearn, pytest, timm"; then
        step "full tier: mmdet, mmsegmentation, runtime, test and benchmark requirements"
        "$PY" -m pip install -r requirements/mminstall.txt -r requirements/full.txt -r requirements.txt
    fi
else
    pip_uninstall mmdet mmsegmentation mmcv  # --core on a full-tier venv
    if ! has "import mmcv, mmengine, mmpretrain, sklearn; assert mmcv.__version__ == '2.1.0'"; then
        step "core tier: mmcv-lite, mmengine, mmpretrain (pure wheels, nothing to compile)"
        "$PY" -m pip install -r requirements/core.txt -r requirements/mminstall.txt -r requirements/runtime.txt
    fi
fi

if ! has "import mmrecmix"; then
    step "mmrecmix in editable mode"
    "$PY" -m pip install --no-build-isolation --no-deps -e .
fi

step "ready ($TIER tier): $(cd / && "$PY" -c "
import importlib, torch, mmcv, mmengine, mmpretrain, mmrecmix
found = ['torch ' + torch.__version__, 'mmcv ' + mmcv.__version__,
         'mmengine ' + mmengine.__version__, 'mmpretrain ' + mmpretrain.__version__]
for name in ('mmdet', 'mmseg'):
    try:
        found.append(name + ' ' + importlib.import_module(name).__version__)
    except ImportError:
        pass
print(' | '.join(found + ['mmrecmix ' + mmrecmix.__version__]))")"
