#!/usr/bin/env bash
# Usage: bash .ci/check_disk.sh GIB [DIR ...]
#
# Stops CI before it installs anything when a file system it writes to has less than GIB
# GiB free. CI makes three environments in the clone (.venv about 5.7 GiB, .venv-oldest
# 5.3 GiB, .venv-newest 6.2 GiB, build/ 0.2 GiB, measured 2026-12-06) and pip unpacks the
# CUDA wheels in the temporary folder on the way; running out half-way fails only after
# 20-odd minutes, with pip's "No space left on device". DIR defaults to the repository
# and the temporary folder; a file system (mount point) named twice is checked once,
# against GIB. The check is for a fresh clone: a re-run in a clone whose environments
# already exist needs less and may still be refused.
set -euo pipefail
[ $# -ge 1 ] && [[ $1 =~ ^[0-9]+$ ]] || { echo "usage: bash .ci/check_disk.sh GIB [DIR ...]" >&2; exit 2; }
need_gib=$1; shift
[ $# -gt 0 ] || set -- "$(cd "$(dirname "$0")/.." && pwd)" "${TMPDIR:-/tmp}"
declare -A seen=()
for dir in "$@"; do
    [ -d "$dir" ] || { echo "error: $dir is not a folder; CI writes there." >&2; exit 2; }
    read -r mount free_kib < <(df -Pk "$dir" | awk 'NR == 2 {print $6, $4}')
    [ -z "${seen[$mount]:-}" ] || continue
    seen[$mount]=1
    free_gib=$((free_kib / 1024 / 1024))
    if [ "$free_gib" -lt "$need_gib" ]; then
        echo "error: $dir (on $mount) has ${free_gib} GiB free; CI needs ${need_gib} GiB there." >&2
        echo "Free space first: old clones and their .venv* folders, ~/.cache/pip, /tmp." >&2
        exit 1
    fi
    echo "disk: $dir (on $mount) has ${free_gib} GiB free (CI needs ${need_gib})"
done
