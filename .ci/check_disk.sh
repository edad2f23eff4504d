#!/usr/bin/env bash
# Usage: bash .ci/check_disk.sh GIB [DIR ...]
#
# Stops CI before it installs anything when a file system it writes to has less than GIB
# GiB free. CI makes three environments in the clone (.venv about 5.7 GiB, .venv-oldest
# 5.3 GiB, .venv-newest 6.2 GiB, build/ 0.2 GiB, measured 2026-12-06) and pip unpacks the
# CUDA wheels in the temporary folder on the way; running out half-way fails only after
# 20-odd minutes, with pip's "No space left on device". DIR defaults to the repository
# and the temporary folder; a file system named twice is checked once, against GIB.
set -euo pipefail
[ $# -ge 1 ] && [[ $1 =~ ^[0-9]+$ ]] || { echo "usage: bash .ci/check_disk.sh GIB [DIR ...]" >&2; exit 2; }
need_gib=$1; shift
[ $# -gt 0 ] || set -- "$(cd "$(dirname "$0")/.." && pwd)" "${TMPDIR:-/tmp}"
declare -A seen=()
for dir in "$@"; do
    read -r fs free_kib < <(df -Pk "$dir" | awk 'NR == 2 {print $1, $4}')
    [ -z "${seen[$fs]:-}" ] || continue
    seen[$fs]=1
    free_gib=$((free_kib / 1024 / 1024))
    if [ "$free_gib" -lt "$need_gib" ]; then
        echo "error: $dir ($fs) has ${free_gib} GiB free; CI needs ${need_gib} GiB there." >&2
        echo "Free space first: old clones and their .venv* folders, ~/.cache/pip, /tmp." >&2
        exit 1
    fi
    echo "disk: $dir ($fs) has ${free_gib} GiB free (CI needs ${need_gib})"
done
