#!/usr/bin/env bash
# Real transformers releases next to mmpretrain 1.2: one of 4.52-4.55 (OFA's import
# breaks) and one 5.x (BLIP's breaks). Each goes with the dependencies it asks for
# (huggingface-hub < 1 for 4.x, ...) into a folder of its own put first on PYTHONPATH, as
# a `pip install transformers==V` would change the venv, without changing it; the NumPy
# pip puts there is removed, so the venv's (that torch and mmcv's ops use) stays.
# In the full tier (pycocotools, which mmdet brings, is there, so mmpretrain imports its
# multimodal models) mmpretrain imported alone must fail in those models: the check is
# live. In the core tier it must import. Either way mmrecmix, imported after a plain
# `import mmpretrain` (the harder order), must then import and train the digits demo
# for one epoch.
# Usage: bash .ci/transformers_check.sh [VERSION...]   (PY: the interpreter, default .venv's)
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
PY=${PY:-$REPO/.venv/bin/python}
VERSIONS=("$@")
[ ${#VERSIONS[@]} -gt 0 ] || VERSIONS=(4.55.4 5.24.0)

with_transformers() {  # with_transformers DIR PYTHON-CODE: run it with DIR first on sys.path
    (cd / && PYTHONPATH="$1" "$PY" -c "$2")
}

PY_TAG=$("$PY" -c 'import sys; print("py%d%d" % sys.version_info[:2])')
for version in "${VERSIONS[@]}"; do
    dir=$REPO/build/transformers-$version-$PY_TAG
    if [ ! -d "$dir" ]; then
        rm -rf "$dir.tmp"  # what an interrupted run left
        env -u PIP_FIND_LINKS "$PY" -m pip install -q --target "$dir.tmp" "transformers==$version" \
            2> >(grep -v "^WARNING: Location" >&2)
        rm -rf "$dir.tmp"/numpy "$dir.tmp"/numpy-* "$dir.tmp"/numpy.libs "$dir.tmp"/bin
        mv "$dir.tmp" "$dir"
    fi
    alone=$(with_transformers "$dir" "import mmpretrain.models" 2>&1) && imports=1 || imports=0
    if with_transformers "$dir" "import pycocotools" 2>/dev/null; then
        if [ "$imports" = 1 ] || ! grep -q "mmpretrain/models/multimodal/" <<<"$alone"; then
            echo "error: transformers $version: mmpretrain imports without mmrecmix's switch" \
                "(or fails outside its multimodal models), so this check proves nothing:" \
                "$(tail -n 1 <<<"$alone")" >&2
            exit 1
        fi
    elif [ "$imports" = 0 ]; then
        echo "error: transformers $version without pycocotools (core tier):" \
            "mmpretrain does not import: $(tail -n 1 <<<"$alone")" >&2
        exit 1
    fi
    echo "transformers $version, mmpretrain alone: $( ((imports)) && echo imports || tail -n 1 <<<"$alone")"
    with_transformers "$dir" "
import runpy, sys, mmpretrain, mmrecmix, transformers, mmpretrain.utils.dependency as dependency
assert transformers.__version__ == '$version', transformers.__version__
assert dependency.WITH_MULTIMODAL is False
sys.argv = ['tools/train.py', '$REPO/configs/demo/resnet18_digits_recursivemix.py',
            '--work-dir', '$REPO/work_dirs/transformers-$version',
            '--cfg-options', 'train_cfg.max_epochs=1']
runpy.run_path('$REPO/tools/train.py', run_name='__main__')" 2>&1 | grep -E "Epoch\(val\)|Error" | tail -n 1
    echo "transformers $version, mmrecmix: imports, and the digits demo trains (last line above)"
done
