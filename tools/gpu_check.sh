#!/usr/bin/env bash
# Usage: bash tools/gpu_check.sh --core | --full [--python PATH] [--wheelhouse DIR]
#            [--out DIR] [--rehearse]
#
# The GPU acceptance check, in two parts that each fit a few minutes on a 16-core GPU
# machine; every log and table goes to --out (default work_dirs/gpu_check), with
# timings.txt and verdict.txt.
#   --core  nothing compiled: (with --wheelhouse / --python) the core tier into the
#           machine's own torch, offline; the CUDA half of the core tests (mixes, neck,
#           guides, classifiers, autocast, the --amp float16 and bfloat16 runs of
#           RecursiveMix + neck, CutMix, SMMix and AutoMix); the digits demo trained on
#           CUDA; bench_ops.py (batch 256, float16) and bench_train_step.py (--amp
#           float16 --channels-last).
#   --full  the full tier (the CUDA mmcv build, or a prebuilt mmcv wheel from the
#           wheelhouse), then the CUDA half of the full-tier tests: the ATSS / PSPNet
#           --amp runs and mmcv's ops against torchvision's.
# --rehearse runs the same on a machine without a GPU (the CUDA tests collect nothing,
# the demo and benchmarks run small on the CPU): for timing the script ahead.
set -Euo pipefail
cd "$(dirname "$0")/.."
usage() { sed -n '2,3p' "$0" | sed 's/^# //' >&2; exit 2; }
PART= TARGET= WHEELHOUSE= OUT=work_dirs/gpu_check REHEARSE=0
while [ $# -gt 0 ]; do
    case "$1" in
        --core|--full) PART=${1#--} ;;
        --python) [ $# -ge 2 ] || usage; TARGET=$2; shift ;;
        --wheelhouse) [ $# -ge 2 ] || usage; WHEELHOUSE=$2; shift ;;
        --out) [ $# -ge 2 ] || usage; OUT=$2; shift ;;
        --rehearse) REHEARSE=1 ;;
        *) usage ;;
    esac
    shift
done
[ -n "$PART" ] || usage
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
: > "$OUT/timings.txt"
FAILED=()

run_step() {  # run_step NAME LOG COMMAND...: time it, keep its output, note a failure
    local name=$1 log=$2 start status
    shift 2
    start=$(date +%s)
    echo "[gpu_check] $name"
    "$@" > "$OUT/$log" 2>&1
    status=$?
    printf '%-44s %5d s  exit %d  (%s)\n' "$name" $(($(date +%s) - start)) "$status" "$log" \
        | tee -a "$OUT/timings.txt"
    [ "$status" = 0 ] || FAILED+=("$name (see $log)")
    return "$status"
}

pytest_cuda() {  # the CUDA half of the tests of one tier; none collected is fine when rehearsing
    "$PYTHON" -m pytest tests -q -p no:cacheprovider -rA -m "$1" \
        -k "cuda and not cuda_build_env and not cuda_home"
    local status=$?
    [ "$REHEARSE" = 1 ] && [ "$status" = 5 ] && return 0
    return "$status"
}

SETUP=(bash tools/setup_env.sh)
[ "$PART" = full ] && SETUP+=(--full)
if [ -n "$TARGET" ]; then SETUP+=(--python "$TARGET"); fi
if [ -n "$WHEELHOUSE" ]; then SETUP+=(--wheelhouse "$WHEELHOUSE"); fi
if [ -n "$TARGET" ] || [ -n "$WHEELHOUSE" ] || [ "$PART" = full ]; then
    run_step "install ($PART tier)" "setup_$PART.log" "${SETUP[@]}" || true
fi
if [ -n "$TARGET" ]; then PYTHON=$(command -v "$TARGET"); export PYTHON; fi
source tools/find_python.sh
if ! "$PYTHON" -c 'import pytest, timm' >/dev/null 2>&1; then
    SOURCE=()
    [ -n "$WHEELHOUSE" ] && SOURCE=(--no-index --find-links "$WHEELHOUSE")
    run_step "pytest and timm (without the torch timm asks for)" tools.log bash -c \
        "'$PYTHON' -m pip install ${SOURCE[*]} pytest huggingface_hub safetensors &&
         '$PYTHON' -m pip install ${SOURCE[*]} --no-deps timm" || true
fi
DEVICE=cuda
if ! "$PYTHON" -c 'import sys, torch; sys.exit(not torch.cuda.is_available())'; then
    if [ "$REHEARSE" = 0 ]; then
        echo "error: no CUDA GPU is visible to $PYTHON; run this on a GPU machine (or add --rehearse)." >&2
        exit 2
    fi
    DEVICE=cpu
fi
"$PYTHON" - > "$OUT/device.txt" 2>&1 <<'PY'
import torch
name = torch.cuda.get_device_name(0) if torch.cuda.is_available() else 'CPU (rehearsal)'
print('device:', name, '| torch', torch.__version__, '| CUDA', torch.version.cuda)
PY
cat "$OUT/device.txt"

if [ "$PART" = core ]; then
    run_step "CUDA tests of the core tier" tests_core.log pytest_cuda "not full_tier"
    DEMO_OPTS=()
    [ "$DEVICE" = cpu ] && DEMO_OPTS=(--cfg-options train_cfg.max_epochs=1)
    run_step "digits demo on $DEVICE" demo.log "$PYTHON" tools/train.py \
        configs/demo/resnet18_digits_demo.py --work-dir "$OUT/demo" "${DEMO_OPTS[@]}"
    if [ "$DEVICE" = cuda ]; then
        OPS=(--device cuda --batch 256 --dtype float16)
        STEP=(--device cuda --amp float16 --channels-last --batch 64)
    else
        OPS=(--batch 8 --height 64 --width 64 --repeats 3)
        STEP=(--models resnet18_cifar --batch 8 --size 32 --repeats 2)
    fi
    run_step "bench_ops.py ${OPS[*]}" bench_ops.txt "$PYTHON" benchmarks/bench_ops.py "${OPS[@]}"
    run_step "bench_train_step.py ${STEP[*]}" bench_train_step.txt \
        "$PYTHON" benchmarks/bench_train_step.py "${STEP[@]}"
else
    run_step "mmcv ops import" mmcv_ops.txt "$PYTHON" -X faulthandler -c \
        "import mmcv.ops; print('mmcv ops built with CUDA', mmcv.ops.get_compiling_cuda_version())"
    run_step "CUDA tests of the full tier" tests_full.log pytest_cuda "full_tier"
fi

{
    cat "$OUT/device.txt"
    for log in "$OUT"/tests_*.log; do
        [ -e "$log" ] && echo "$(basename "$log"): $(tail -n 1 "$log")"
    done
    grep -h 'accuracy/top1' "$OUT/demo.log" 2>/dev/null | tail -n 1
    if [ ${#FAILED[@]} = 0 ]; then echo "GPU check ($PART) passed"; else
        printf 'FAILED: %s\n' "${FAILED[@]}"; fi
} | tee "$OUT/verdict.txt"
[ ${#FAILED[@]} = 0 ]
