#!/usr/bin/env bash
# Creates .venv with the OpenMMLab stack mmrecmix runs on and installs mmrecmix in
# editable mode. Each step is skipped when what it installs is already there, so running
# it again takes seconds.
#
# The first run on a fresh machine takes about 20-25 minutes on 2 CPU cores: almost all of
# it is compiling mmcv 2.1.0's C++ ops (there is no prebuilt mmcv wheel for torch 2.13).
# pip caches the built wheel, so a second virtual environment on the same machine is quick.
#
# Environment: PYTHON (default python3.11), VENV (default .venv), MAX_JOBS (compile jobs).
set -euo pipefail

cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3.11}
VENV=${VENV:-.venv}
PY="$PWD/$VENV/bin/python"
export MAX_JOBS=${MAX_JOBS:-$(nproc)}

step() { printf '\n[setup] %s\n' "$*"; }

has() {  # has "python statement": true when it runs in the venv without error
    # (from /, so that the checkout itself is not on sys.path)
    (cd / && "$PY" -c "$1" >/dev/null 2>&1)
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

if ! has "import mmcv, mmcv.ops; from mmcv.ops import roi_align, nms; assert mmcv.__version__ == '2.1.0'"; then
    step "mmcv 2.1.0 from source with its ops (~16-20 min on 2 cores the first time)"
    # --no-deps: its requirements come with the next step, pinned there.
    MMCV_WITH_OPS=1 FORCE_CUDA=0 "$PY" -m pip install --no-build-isolation --no-deps mmcv==2.1.0
fi

if ! has "import mmengine, mmpretrain, mmdet, mmseg, ftfy, regex, sklearn, pytest, timm"; then
    step "OpenMMLab packages, runtime and test requirements"
    "$PY" -m pip install -r requirements/mminstall.txt -r requirements.txt
fi

if ! has "import mmrecmix"; then
    step "mmrecmix in editable mode"
    "$PY" -m pip install --no-build-isolation --no-deps -e .
fi

step "ready: $(cd / && "$PY" -c "import torch, mmcv, mmengine, mmpretrain, mmdet, mmseg, mmrecmix; print('torch', torch.__version__, '| mmcv', mmcv.__version__, '| mmengine', mmengine.__version__, '| mmpretrain', mmpretrain.__version__, '| mmdet', mmdet.__version__, '| mmseg', mmseg.__version__, '| mmrecmix', mmrecmix.__version__)")"
