#!/usr/bin/env bash
# Usage: bash tools/build_wheelhouse.sh DIR [--full] [--python-version 3.12]
#            [--platform manylinux_2_28_x86_64] [--nvcc 13.0] [--have FILE]
#
# On a machine with network, fills DIR with everything tools/setup_env.sh needs to
# install mmrecmix offline into an interpreter that already has torch (`setup_env.sh
# --python PATH --wheelhouse DIR`): the core tier's wheels (mmcv-lite, mmengine,
# mmpretrain, scikit-learn, the build tools, and what they depend on), and with
# --full the mmcv 2.1.0 source, mmdet, mmsegmentation and the test requirements (pytest
# and timm come with both, for tools/gpu_check.sh; the documentation tools of
# requirements/docs.txt never: an offline install leaves them out). torch
# and torchvision are left out: the target has its own. --python-version / --platform
# download for another machine (a GPU node's Python 3.12, say; wheels only, no
# sdists but mmcv's); --nvcc VERSION adds the registry's CUDA compiler wheels for a
# CUDA build of mmcv there. A prebuilt mmcv-2.1.0-*.whl copied into DIR is installed
# instead of compiling. --have FILE (the target's `pip freeze`, or its package names)
# leaves out the wheels of what the target already has (tools/prune_wheelhouse.py),
# for a folder small enough to carry. Prints what DIR holds and its size.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
usage() { sed -n '2,3p' "$0" | sed 's/^# //' >&2; exit 2; }
platform_tags() {  # manylinux_2_N_ARCH: it and every older manylinux tag, as pip
    # accepts on such a machine (pip download takes only the tags it is given)
    local tag=$1 glibc arch minor
    if [[ "$tag" =~ ^manylinux_2_([0-9]+)_(.+)$ ]]; then
        glibc=${BASH_REMATCH[1]} arch=${BASH_REMATCH[2]}
        for ((minor = glibc; minor >= 5; minor--)); do echo --platform "manylinux_2_${minor}_$arch"; done
        echo --platform "manylinux2014_$arch" --platform "manylinux2010_$arch" --platform "manylinux1_$arch"
    else
        echo --platform "$tag"
    fi
}
[ $# -ge 1 ] && [[ "$1" != -* ]] || usage
DIR=$1; shift
FULL=0
TARGET=()
NVCC=
HAVE=
while [ $# -gt 0 ]; do
    case "$1" in
        --full) FULL=1 ;;
        --python-version) [ $# -ge 2 ] || usage; TARGET+=("$1" "$2"); shift ;;
        --platform) [ $# -ge 2 ] || usage; TARGET+=($(platform_tags "$2")); shift ;;
        --nvcc) [ $# -ge 2 ] || usage; NVCC=$2; shift ;;
        --have) [ $# -ge 2 ] && [ -f "$2" ] || usage; HAVE=$2; shift ;;
        *) usage ;;
    esac
    shift
done
source tools/find_python.sh
mkdir -p "$DIR"
CURRENT_STEP="start"
trap 'echo "error: [wheelhouse] failed in the step: $CURRENT_STEP" >&2' ERR
download() {  # download ARGS...: binary wheels for the target into DIR
    "$PYTHON" -m pip download --only-binary=:all: "${TARGET[@]}" -d "$DIR" "$@"
}

# The tiers' requirement files without torch / torchvision (the target's own).
requirements=$(mktemp)
trap 'rm -f "$requirements"' EXIT
files=(requirements/core.txt requirements/mminstall.txt requirements/runtime.txt requirements/build.txt)
[ "$FULL" = 1 ] && files+=(requirements/full.txt requirements/tests.txt requirements/benchmarks.txt)
cat "${files[@]}" | sed 's/#.*//' | grep -vE '^\s*(-r|$)' \
    | grep -viE '^(torch|torchvision|mmcv|timm)\b' > "$requirements"

CURRENT_STEP="the wheels of the $([ "$FULL" = 1 ] && echo full || echo core) tier"
echo "[wheelhouse] $(tr '\n' ' ' < "$requirements")"
# pytest (with pytest-xdist: CI's newest stack runs the tests in two processes) and timm
# (the benchmarks' reference): tools/gpu_check.sh runs the tests and benchmarks there;
# timm without the torch it asks for.
download -r "$requirements" "mmcv-lite==2.1.0" pytest pytest-xdist
download --no-deps timm
download huggingface_hub safetensors pyyaml
if [ "$FULL" = 1 ]; then
    CURRENT_STEP="the mmcv 2.1.0 source"
    # Its metadata step imports pkg_resources: build it with this interpreter's
    # setuptools (< 81, requirements/build.txt) instead of an isolated newest one.
    "$PYTHON" -m pip download --no-deps --no-binary mmcv --no-build-isolation -d "$DIR" mmcv==2.1.0
fi
if [ -n "$NVCC" ]; then
    CURRENT_STEP="the registry's CUDA $NVCC compiler wheels"
    download "nvidia-cuda-nvcc==$NVCC.*" "nvidia-nvvm==$NVCC.*" "nvidia-cuda-crt==$NVCC.*" \
        "nvidia-cuda-cccl==$NVCC.*"
fi
if [ -n "$HAVE" ]; then
    CURRENT_STEP="leaving out what $HAVE lists"
    "$PYTHON" tools/prune_wheelhouse.py "$DIR" "$HAVE" "${files[@]}"
fi
ls -lS "$DIR" | awk 'NR > 1 {printf "%8.1f MB  %s\n", $5 / 1e6, $9}'
echo "[wheelhouse] $(ls "$DIR" | wc -l) files, $(du -sh "$DIR" | cut -f1) in $DIR"
