"""Make one CUDA_HOME out of the CUDA pieces torch's and the registry's nvidia wheels
installed, for building mmcv's CUDA ops (tools/setup_env.sh --full).

    python tools/assemble_cuda_home.py MAJOR OUT_DIR

The nvidia-* wheels put the CUDA toolkit in ``site-packages/nvidia/cuMAJOR`` of
whichever environment installed them: in a venv made with ``--system-site-packages``
on a GPU image, nvcc lands in the venv while ``cuda_runtime.h``, ``cusparse.h`` and
``libcudart`` stay in the image's site-packages. This links every ``bin``,
``include``, ``lib`` and ``nvvm`` entry of each such folder (the first one found
wins) into ``OUT_DIR`` and adds the unversioned ``libcudart.so`` the extension build
links against, so nothing is written into any environment's site-packages. It prints
``OUT_DIR``, or stops with one line naming what no folder has.
"""
import argparse
import os
import os.path as osp
import shutil
import sys
from typing import List

# nvcc finds its device compiler (cicc) and libdevice as ../nvvm/ from where it is
# called, so nvvm/ is linked beside bin/.
PARTS = ('bin', 'include', 'lib', 'nvvm')
# What an mmcv CUDA build needs from the toolkit: the compiler and its device
# front end, the runtime headers, the library headers torch's CUDA headers include,
# and the runtime library.
REQUIRED = ('bin/nvcc', 'nvvm/bin/cicc', 'include/cuda_runtime.h', 'include/cusparse.h',
            'lib/libcudart.so')


def cuda_roots(major: str) -> List[str]:
    """``nvidia/cuMAJOR`` folders of every ``nvidia`` package on ``sys.path``."""
    roots = []
    for entry in sys.path:
        root = osp.join(entry, 'nvidia', f'cu{major}')
        if osp.isdir(root) and osp.realpath(root) not in map(osp.realpath, roots):
            roots.append(root)
    return roots


def link_parts(roots: List[str], out_dir: str) -> None:
    """Link each root's entries of :data:`PARTS` into ``out_dir``."""
    for part in PARTS:
        target = osp.join(out_dir, part)
        os.makedirs(target, exist_ok=True)
        for root in roots:
            source = osp.join(root, part)
            if not osp.isdir(source):
                continue
            for name in sorted(os.listdir(source)):
                link = osp.join(target, name)
                if not osp.lexists(link):
                    os.symlink(osp.join(source, name), link)


def add_unversioned_cudart(lib_dir: str) -> None:
    """``libcudart.so`` -> the newest ``libcudart.so.N`` (the wheel ships only that)."""
    link = osp.join(lib_dir, 'libcudart.so')
    versioned = sorted(name for name in os.listdir(lib_dir)
                       if name.startswith('libcudart.so.'))
    if not osp.lexists(link) and versioned:
        os.symlink(osp.realpath(osp.join(lib_dir, versioned[-1])), link)


def assemble(out_dir: str, roots: List[str]) -> List[str]:
    """Build ``out_dir`` afresh from ``roots``; return the :data:`REQUIRED` entries
    it lacks."""
    shutil.rmtree(out_dir, ignore_errors=True)
    link_parts(roots, out_dir)
    add_unversioned_cudart(osp.join(out_dir, 'lib'))
    return [name for name in REQUIRED if not osp.exists(osp.join(out_dir, name))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('major', help="CUDA major version torch is built for, e.g. '13'")
    parser.add_argument('out_dir', help='the CUDA_HOME to make (in the checkout)')
    args = parser.parse_args()
    roots = cuda_roots(args.major)
    missing = assemble(osp.abspath(args.out_dir), roots)
    if missing:
        sys.exit(f'error: no nvidia/cu{args.major} folder on sys.path has '
                 f'{", ".join(missing)} (looked in: {", ".join(roots) or "none"}); '
                 f'install nvidia-cuda-runtime / nvidia-cusparse {args.major}.x wheels '
                 'or set CUDA_HOME to a complete toolkit.')
    print(osp.abspath(args.out_dir))


if __name__ == '__main__':
    main()
