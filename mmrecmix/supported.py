"""The versions mmrecmix supports, checked when it is imported.

The oldest ones are tested in CI on a venv of their own (``.ci/oldest_stack.sh``);
the newest are what ``tools/setup_env.sh`` installs. Where a newer torch adds something
mmrecmix uses (the safe loader's allow-list, say), the code tests for the feature
itself, not for a version.
"""
import importlib
import importlib.metadata

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

# Packages mmrecmix does not use whose presence breaks an import it needs:
# package -> (first version that breaks it, what breaks)
CONFLICTS = {
    # Seen on a GPU image that ships transformers: importing mmpretrain.models then
    # fails with "TypeError: NoneType takes no arguments".
    'transformers': ('4.56', "mmpretrain 1.2's BLIP module imports apply_chunking_to_"
                     'forward from transformers.modeling_utils, which 4.56 removed'),
}


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
    supported range, or the first installed package in ``CONFLICTS``."""
    check_conflicts()  # first: importing mmpretrain is what such a package breaks
    check_version_ranges()


def check_version_ranges() -> None:
    for package in SUPPORTED:
        version = importlib.import_module(package).__version__
        if unsupported(package, version):
            raise ImportError(
                f'mmrecmix supports {package}{supported_range(package)}, found '
                f'{package} {version}. Install a supported version (bash '
                'tools/setup_env.sh makes a venv with tested ones).')


def check_conflicts() -> None:
    for package, (first_breaking, why) in CONFLICTS.items():
        try:
            version = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            continue
        if Version(Version(version).base_version) >= Version(first_breaking):
            raise ImportError(
                f'mmpretrain cannot be imported next to {package} {version} ({why}). '
                f"In this environment run pip install '{package}<{first_breaking}' "
                f'or pip uninstall {package}.')
