"""Print the requirements of installed distributions that the environment does not
meet, one per line, for ``pip install`` (tools/setup_env.sh --python).

    python tools/missing_requirements.py [-r FILE | DIST] ...

The distributions are named directly or by requirement files (``-r``, nested ones
followed), as given to ``pip install --no-deps``, which leaves their requirements
unchecked; this lists those that are absent or at a version outside the range, so
that pip installs just them. The requirements of torch, torchvision and NumPy are
the environment's own business and are not looked at. ``opencv-python`` (which mmcv
and mmengine ask for) is left out when another OpenCV distribution (``opencv-python-headless``,
``opencv-contrib-python``, ...) already provides ``cv2``: both own the ``cv2``
folder, so installing it would silently overwrite the one the environment has.
"""
import importlib.metadata as metadata
import os.path as osp
import sys
from typing import Iterable, List

try:
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name
except ImportError:  # a bare interpreter: pip's own copy
    from pip._vendor.packaging.requirements import Requirement
    from pip._vendor.packaging.utils import canonicalize_name

OPENCV_DISTS = ('opencv-python', 'opencv-python-headless', 'opencv-contrib-python',
                'opencv-contrib-python-headless')


HELD = ('torch', 'torchvision', 'numpy')


def file_requirements(path: str) -> List[Requirement]:
    """The requirements of a requirements file, nested ``-r`` files included."""
    requirements = []
    for line in open(path):
        line = line.split('#')[0].strip()
        if line.startswith('-r'):
            requirements += file_requirements(
                osp.join(osp.dirname(path), line[2:].strip()))
        elif line:
            requirements.append(Requirement(line))
    return requirements


def distribution_names(args: List[str]) -> List[str]:
    """``DIST`` and ``-r FILE`` arguments as distribution names, held ones left out."""
    names, files = [], iter(args)
    for arg in files:
        names += ([r.name for r in file_requirements(next(files))] if arg == '-r'
                  else [arg])
    return [name for name in dict.fromkeys(names)
            if canonicalize_name(name) not in HELD]


def installed_version(name: str):
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def has_opencv() -> bool:
    """Whether some OpenCV distribution is installed."""
    return any(installed_version(name) for name in OPENCV_DISTS)


def unmet(requirement: Requirement, skip_opencv: bool) -> bool:
    """Whether ``requirement`` (of an installed distribution, no extras asked for)
    applies here and is not met."""
    if requirement.marker is not None and not requirement.marker.evaluate({'extra': ''}):
        return False
    if skip_opencv and canonicalize_name(requirement.name) in OPENCV_DISTS:
        return False
    version = installed_version(requirement.name)
    return version is None or not requirement.specifier.contains(version,
                                                                 prereleases=True)


def missing_requirements(dists: Iterable[str]) -> List[str]:
    """The unmet requirements of ``dists``, deduplicated, in order."""
    skip_opencv = has_opencv()
    found: List[str] = []
    for dist in dists:
        for line in metadata.requires(dist) or []:
            requirement = Requirement(line)
            if unmet(requirement, skip_opencv) and str(requirement) not in found:
                found.append(str(requirement))
    return found


def main() -> None:
    args = sys.argv[1:]
    if not args or args[0] in ('-h', '--help'):
        sys.exit(__doc__)
    try:
        print('\n'.join(missing_requirements(distribution_names(args))))
    except metadata.PackageNotFoundError as error:
        sys.exit(f'error: {error} (interpreter {sys.executable}).')


if __name__ == '__main__':
    main()
