"""Print the path of the first wheel of a distribution in a folder whose tags this
interpreter accepts (Python version, ABI, platform), or nothing.

    python tools/compatible_wheel.py DIR NAME VERSION

``tools/setup_env.sh`` takes a prebuilt mmcv wheel from a wheelhouse, or its own kept
CUDA build, only when it installs here: a wheel built for another Python or platform
is left alone and the set-up builds or fetches one instead.
"""
import argparse
import glob
import os.path as osp

try:
    from packaging.tags import sys_tags
    from packaging.utils import parse_wheel_filename
except ImportError:  # an interpreter without packaging: pip's own copy
    from pip._vendor.packaging.tags import sys_tags
    from pip._vendor.packaging.utils import parse_wheel_filename


def compatible_wheel(folder: str, name: str, version: str):
    """The first (sorted) ``NAME-VERSION-*.whl`` in ``folder`` that installs here."""
    accepted = set(sys_tags())
    for path in sorted(glob.glob(osp.join(folder, f'{name}-{version}-*.whl'))):
        if accepted & set(parse_wheel_filename(osp.basename(path))[3]):
            return path
    return None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('folder')
    parser.add_argument('name', help='distribution name, e.g. mmcv')
    parser.add_argument('version', help='e.g. 2.1.0')
    args = parser.parse_args(argv)
    found = compatible_wheel(args.folder, args.name, args.version)
    if found:
        print(found)


if __name__ == '__main__':
    main()
