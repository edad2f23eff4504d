#!/usr/bin/env bash
# Usage: bash tools/gpu_check.sh
# The GPU acceptance check: the CUDA half of the device-following tests (mixes, neck,
# guides, classifiers, autocast), short --amp training runs of every config family
# (float16 and bfloat16), then a one-screen verdict. Needs a visible CUDA GPU and the
# full tier (bash tools/setup_env.sh --full).
cd "$(dirname "$0")/.."
source tools/find_python.sh
if ! "$PYTHON" -c 'import sys, torch; sys.exit(not torch.cuda.is_available())'; then
    echo "error: no CUDA GPU is visible to $PYTHON; run this on a GPU machine." >&2
    exit 2
fi
if ! "$PYTHON" - <<'PY'
import mmcv.ops, torch
print('device:', torch.cuda.get_device_name(0), '| torch', torch.__version__,
      '| mmcv ops built with CUDA', mmcv.ops.get_compiling_cuda_version())
PY
then
    echo "error: mmcv's ops do not import (see why with $PYTHON -X faulthandler -c" \
        "'import mmcv.ops'); build them with bash tools/setup_env.sh --full." >&2
    exit 2
fi
"$PYTHON" -m pytest tests -q -k "cuda and not cuda_build_env" -p no:cacheprovider -rA 2>&1 | tee /tmp/gpu_check.log | tail -n 40
status=${PIPESTATUS[0]}
echo
echo "== verdict =="
grep -E '^(PASSED|FAILED|ERROR)' /tmp/gpu_check.log | sed 's/ - .*//' | awk '{print $1}' | sort | uniq -c
grep -E '^(FAILED|ERROR)' /tmp/gpu_check.log | sed 's/ - .*//'
[ "$status" = 0 ] && echo "GPU check passed" || echo "GPU check FAILED"
exit "$status"
