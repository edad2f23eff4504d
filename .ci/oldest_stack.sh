#!/usr/bin/env bash
# The oldest supported stack (requirements/oldest.txt) in a venv of its own, as a user's
# existing environment: mmrecmix goes in with a plain `pip install -e .`, which must
# change nothing that was installed, tools/setup_env.sh must keep its torch, then the
# core tests run there.
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
# tools/setup_env.sh on a venv that has a supported torch keeps it (a GPU user's torch
# built for an older driver, say) instead of replacing it with the tested one.
VENV="$VENV" bash tools/setup_env.sh | tail -n 2
(cd / && "$PY" -c "import torch; assert torch.__version__.startswith('2.1.2'), torch.__version__")
# The stack-sensitive core tests: what the main venv's run already checked and no
# installed version can change (stack_independent) is left out.
"$PY" -m pytest tests -q -m "not full_tier and not stack_independent" -p no:cacheprovider \
    -n 2 --dist loadfile
