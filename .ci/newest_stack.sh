#!/usr/bin/env bash
# The newest supported stack (requirements/newest.txt) as a GPU image has it, in a venv
# of its own: the core tier goes in with `tools/setup_env.sh --python --wheelhouse`,
# offline (pip --no-index) from a wheelhouse built for Python 3.12 by
# tools/build_wheelhouse.sh, which must keep torch, torchvision, NumPy and the image's
# OpenCV as they were (setup_env.sh compares pip freeze); then the core tests that the
# installed versions can change run there.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv-newest}
WHEELS=${WHEELS:-build/wheelhouse-py312}
PY="$PWD/$VENV/bin/python"
if [ ! -x "$PY" ]; then
    # pyenv machines: python3.12 answers only with a 3.12 version selected.
    PYENV_VERSION=$(pyenv versions --bare 2>/dev/null | grep '^3\.12' | tail -n 1 || true) \
        python3.12 -m venv "$VENV"
fi
seconds() { echo $(($(date +%s) - $1)); }

start=$(date +%s)
# The image: its torch from the registry (pip's local find-links folder holds a
# Python 3.11 torch only; kept out as tools/setup_env.sh does).
env -u PIP_FIND_LINKS "$PY" -m pip install -q -r requirements/newest.txt
echo "newest stack: the image in $(seconds "$start") s"

start=$(date +%s)
bash tools/build_wheelhouse.sh "$WHEELS" --python-version 3.12 \
    --platform manylinux_2_28_x86_64 | tail -n 1
echo "newest stack: the wheelhouse in $(seconds "$start") s"

start=$(date +%s)
bash tools/setup_env.sh --python "$PY" --wheelhouse "$WHEELS" | grep '^\[setup\] \(kept\|ready\)'
"$PY" -m pip install -q --no-index --find-links "$WHEELS" pytest pytest-xdist
echo "newest stack: the core tier, offline, in $(seconds "$start") s"
(cd / && "$PY" -c "import torch, numpy, cv2, transformers
print('newest stack: torch', torch.__version__, '| NumPy', numpy.__version__, '| OpenCV',
      cv2.__version__, '| transformers', transformers.__version__)")
# The stack-sensitive core tests: what the main venv's run already checked and no
# installed version can change (stack_independent) is left out.
"$PY" -m pytest tests -q -m "not full_tier and not stack_independent" -p no:cacheprovider \
    -n 2 --dist loadfile
