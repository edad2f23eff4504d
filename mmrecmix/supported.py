"""The versions mmrecmix supports, checked when it is imported.

The oldest ones are tested in CI on a venv of their own (``.ci/oldest_stack.sh``);
the newest are what ``tools/setup_env.sh`` installs. Where a newer torch adds something
mmrecmix uses (the safe loader's allow-list, say), the code tests for the feature
itself, not for a version.
"""
import importlib
import importlib.metadata
import importlib.util
import os
import sys

from packaging.version import Version

# package -> (oldest supported, first unsupported or None)
SUPPORTED = {
    'torch': ('2.1', None),
    'torchvision': ('0.16', None),
    'numpy': ('1.22', None),
    'mmengine': ('0.10.0', '1.0.0'),
    'mmcv': ('2.0.0', '2.2.0'),  # mmdet 3.3 / mmseg 1.2 refuse >= 2.2
    'mmpretrain': ('1.2.0', '1.3.0'),
}

# The first transformers release with which mmpretrain 1.2's multimodal models (BLIP,
# OFA, ...) no longer import: 4.52-4.55 fail on OFA's ``GenerationMixin`` import from
# ``transformers.modeling_utils``, 4.56 and 5.x on BLIP (``NoneType takes no
# arguments``). mmpretrain imports them only next to pycocotools (mmdet brings it).
MULTIMODAL_BREAKING_TRANSFORMERS = '4.52'
DEPENDENCY_MODULE = 'mmpretrain.utils.dependency'
# The mmpretrain modules that read its WITH_MULTIMODAL flag when they are imported.
MULTIMODAL_READERS = ('mmpretrain.models', 'mmpretrain.datasets')


def unsupported(package: str, version: str) -> bool:
    oldest, first_unsupported = SUPPORTED[package]
    release = Version(Version(version).base_version)
    return release < Version(oldest) or (
        first_unsupported is not None and release >= Version(first_unsupported))


def supported_range(package: str) -> str:
    oldest, first_unsupported = SUPPORTED[package]
    return f'>={oldest}' + (f',<{first_unsupported}' if first_unsupported else '')


def check_supported_versions() -> None:
    """Raise an ``ImportError`` naming the fix for the first package outside its
    supported range."""
    check_version_ranges()


def check_version_ranges() -> None:
    for package in SUPPORTED:
        version = importlib.import_module(package).__version__
        if unsupported(package, version):
            raise ImportError(
                f'mmrecmix supports {package}{supported_range(package)}, found '
                f'{package} {version}. Install a supported version (bash '
                'tools/setup_env.sh makes a venv with tested ones).')


def switch_off_broken_multimodal() -> bool:
    """Keep mmpretrain from importing its multimodal models when the installed
    transformers would break that import; mmrecmix uses none of them.

    ``mmpretrain.models`` and ``mmpretrain.datasets`` read ``WITH_MULTIMODAL`` from
    ``mmpretrain.utils.dependency`` while they are imported, so the flag is set to
    ``False`` before they are: on that module where ``import mmpretrain`` has already
    loaded it, else on a copy loaded from its file on its own (importing it the usual
    way would import all of mmpretrain first) and put in ``sys.modules``, where
    mmpretrain's own imports find it. Nothing in site-packages changes. Where
    ``mmpretrain.models`` or ``mmpretrain.datasets`` is already imported (it then
    worked, or already failed) nothing is done.

    Returns:
        bool: Whether the multimodal models were switched off.
    """
    try:
        version = importlib.metadata.version('transformers')
    except importlib.metadata.PackageNotFoundError:
        return False
    if (Version(Version(version).base_version) < Version(MULTIMODAL_BREAKING_TRANSFORMERS)
            or any(name in sys.modules for name in MULTIMODAL_READERS)):
        return False
    dependency = sys.modules.get(DEPENDENCY_MODULE)
    if dependency is None:
        package = importlib.util.find_spec('mmpretrain')
        path = os.path.join(package.submodule_search_locations[0], 'utils',
                            'dependency.py')
        spec = importlib.util.spec_from_file_location(DEPENDENCY_MODULE, path)
        dependency = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(dependency)
        sys.modules[DEPENDENCY_MODULE] = dependency
    dependency.WITH_MULTIMODAL = False
    return True
