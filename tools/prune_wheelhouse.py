"""Remove from a wheelhouse the wheels of distributions the target interpreter
already has, so that the folder is small enough to carry (tools/build_wheelhouse.sh
--have FILE).

    python tools/prune_wheelhouse.py DIR HAVE_FILE REQUIREMENT_FILE...

``HAVE_FILE`` lists the target's distributions: ``pip freeze`` output
(``name==version``), or bare names separated by new lines, spaces or commas (a
package list as an image's documentation gives it). ``tools/setup_env.sh --python``
installs from the wheelhouse only what the target lacks or has at a version outside
a requirement, so a wheel is removed when the target has that distribution and
either its version is given and meets every specifier that the requirement files and
the wheels in DIR (their ``Requires-Dist``) put on that name, or, with only the name
given, the requirement files put none: a name they constrain (``setuptools<81``) is
then kept, and the target's version is trusted to meet what other packages ask (an
offline install stops naming the requirement where it does not). The target's torch,
torchvision, NumPy and OpenCV are never replaced, so their wheels (``opencv-python``
where the target has any OpenCV) always go. Source archives (the mmcv sdist) are
kept.
Prints what was removed and the size before and after.
"""
import os
import os.path as osp
import re
import sys
import zipfile
from typing import Dict, List, Optional

from missing_requirements import (HELD, OPENCV_DISTS, Requirement, canonicalize_name,
                                  file_requirements)


def read_have(path: str) -> Dict[str, Optional[str]]:
    """Canonical name -> version (``None`` when only the name is given)."""
    have = {}
    for line in open(path):
        line = line.split('#')[0].strip()
        if ' @ ' in line:  # pip freeze of a distribution installed from a file or URL
            have[canonicalize_name(line.split(' @ ')[0])] = None
            continue
        for token in re.split(r'[\s,]+', line):
            if token:
                name, _, version = token.partition('==')
                have[canonicalize_name(name)] = version or None
    return have


def constraints(paths: List[str]) -> Dict[str, list]:
    """Canonical name -> the specifiers the requirement files give it (nested -r)."""
    found: Dict[str, list] = {}
    for path in paths:
        for requirement in file_requirements(path):
            specs = found.setdefault(canonicalize_name(requirement.name), [])
            if str(requirement.specifier):
                specs.append(requirement.specifier)
    return found


def wheel_requirements(folder: str) -> Dict[str, list]:
    """Canonical name -> the specifiers the wheels in ``folder`` require of it
    (``Requires-Dist`` without an extra)."""
    found: Dict[str, list] = {}
    for filename in sorted(os.listdir(folder)):
        if not filename.endswith('.whl'):
            continue
        with zipfile.ZipFile(osp.join(folder, filename)) as wheel:
            metadata = next(name for name in wheel.namelist()
                            if name.endswith('.dist-info/METADATA'))
            lines = wheel.read(metadata).decode('utf-8', 'replace').splitlines()
        for line in lines:
            if not line.startswith('Requires-Dist:'):
                continue
            requirement = Requirement(line.split(':', 1)[1].strip())
            if requirement.marker is None or requirement.marker.evaluate({'extra': ''}):
                found.setdefault(canonicalize_name(requirement.name), []).append(
                    requirement.specifier)
    return found


def wheel_name(filename: str) -> Optional[str]:
    """Canonical distribution name of a ``.whl`` file, ``None`` for anything else."""
    if not filename.endswith('.whl'):
        return None
    return canonicalize_name(filename.split('-')[0])


def removable(name: str, have: Dict[str, Optional[str]], specs: Dict[str, list],
              required: Dict[str, list]) -> bool:
    # setup_env.sh --python never installs over the target's torch, torchvision and
    # NumPy, nor an opencv-python beside the target's other OpenCV.
    if name in HELD and name in have:
        return True
    if name in OPENCV_DISTS and any(opencv in have for opencv in OPENCV_DISTS):
        return True
    if name not in have:
        return False
    version = have[name]
    if version is None:
        return not specs.get(name)
    return all(spec.contains(version, prereleases=True)
               for spec in specs.get(name, []) + required.get(name, []))


def size_mb(folder: str) -> float:
    return sum(osp.getsize(osp.join(folder, f)) for f in os.listdir(folder)) / 1e6


def main() -> None:
    if len(sys.argv) < 3 or sys.argv[1] in ('-h', '--help'):
        sys.exit(__doc__)
    folder, have_file, requirement_files = sys.argv[1], sys.argv[2], sys.argv[3:]
    have, specs = read_have(have_file), constraints(requirement_files)
    # What the wheels ask of each other, read before any goes (so, conservatively,
    # also from wheels that are then left out).
    required = wheel_requirements(folder)
    before = size_mb(folder)
    for filename in sorted(os.listdir(folder)):
        name = wheel_name(filename)
        if name and removable(name, have, specs, required):
            os.remove(osp.join(folder, filename))
            print(f'[wheelhouse] the target has {name}: {filename} left out')
    print(f'[wheelhouse] {before:.1f} MB -> {size_mb(folder):.1f} MB without what the '
          'target has')


if __name__ == '__main__':
    main()
