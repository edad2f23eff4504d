# Sourced by the dist_* and slurm_* launchers: sets PYTHON to the interpreter that runs
# mmrecmix, in this order:
#   1. $PYTHON, if set;
#   2. the active environment's `python` (a venv or conda env is activated);
#   3. this checkout's .venv (made by tools/setup_env.sh), so the scripts work as the
#      README writes them, without activating anything;
#   4. `python` on PATH.
# Stops with one line when that interpreter cannot import torch.
_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${PYTHON:-}" ]; then
    if [ -n "${VIRTUAL_ENV:-}" ] || [ -n "${CONDA_PREFIX:-}" ]; then
        PYTHON=python
    elif [ -x "$_REPO_ROOT/.venv/bin/python" ]; then
        PYTHON="$_REPO_ROOT/.venv/bin/python"
    else
        PYTHON=python
    fi
fi
if ! "$PYTHON" -c 'import torch' >/dev/null 2>&1; then
    echo "error: $PYTHON cannot import torch. Run 'bash tools/setup_env.sh' (it makes" \
         "$_REPO_ROOT/.venv, which these scripts then use), activate the environment" \
         "mmrecmix is installed in, or set PYTHON=/path/to/python." >&2
    exit 2
fi
export PYTHON
