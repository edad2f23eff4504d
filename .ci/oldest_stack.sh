#!/usr/bin/env bash
# The oldest supported stack (requirements/oldest.txt) in a venv of its own, as a user's
# existing environment: mmrecmix goes in with a plain `pip install -e .`, which must
# change nothing that was installed, then the core tests run there.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv-oldest}
PY="$PWD/$VENV/bin/python"

[ -x "$PY" ] || python3.11 -m venv "$VENV"
# Keep pip's local find-links folder (a torch 2.13.0+cpu wheel) out, as tools/setup_env.sh does.
env -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null "$PY" -m pip install -q -r requirements/oldest.txt
before=$("$PY" -m pip freeze --exclude-editable | sort)
"$PY" -m pip install -q -e .
after=$("$PY" -m pip freeze --exclude-editable | sort)
# Every package that was there must still be there at the same version (new ones,
# scikit-learn and its dependencies, may come).
changed=$(comm -23 <(echo "$before") <(echo "$after"))
if [ -n "$changed" ]; then
    echo "error: pip install -e . changed packages the environment had:" >&2
    echo "$changed" >&2
    exit 1
fi
echo "pip install -e . added: $(comm -13 <(echo "$before") <(echo "$after") | tr '\n' ' ')"
(cd / && "$PY" -c "import torch, mmrecmix; print('oldest stack: torch', torch.__version__, '| mmrecmix', mmrecmix.__version__)")
"$PY" -m pytest tests -q -m "not full_tier" -p no:cacheprovider
