"""The two install tiers, as the code sees them.

The *core* tier (``bash tools/setup_env.sh``) has torch, torchvision, the pure
``mmcv-lite`` wheel, mmengine and mmpretrain: every mix, the RoI consistency neck
(torchvision's RoIAlign), the classifiers and the pretraining configs. The *full* tier
(``bash tools/setup_env.sh --full``) adds mmcv's compiled ops, mmdet and mmseg, which
only the transfer configs and the PVTv2 backbone need. Nothing in mmrecmix imports
those at import time; what needs them asks for them here, and a core-tier user gets
one line naming the command that installs them.
"""
import importlib
from types import ModuleType
from typing import Callable, Optional

FULL_TIER_COMMAND = 'bash tools/setup_env.sh --full'

# The OpenMMLab codebases of the full tier; each one's config scope is its module name.
FULL_TIER_PACKAGES = ('mmdet', 'mmseg')


class FullTierRequired(ImportError):
    """Something needs a package of the full install tier that cannot be imported."""


def full_tier_message(feature: str, package: str) -> str:
    """The one line a core-tier user gets: what is missing and how to install it."""
    return (f'{feature} needs {package}, which the core install tier leaves out '
            f'(it needs mmcv\'s compiled ops); install the full tier with '
            f'`{FULL_TIER_COMMAND}`.')


def require_full_tier(feature: str, package: str) -> ModuleType:
    """Import ``package`` (e.g. ``'mmdet'``) for ``feature``, or raise
    :class:`FullTierRequired` naming the set-up command."""
    try:
        return importlib.import_module(package)
    except ImportError as error:
        raise FullTierRequired(full_tier_message(feature, package)) from error


def scope_package(type_name: str, default_scope: Optional[str]) -> Optional[str]:
    """The full-tier package a config ``type`` resolves into, if any: its
    ``scope.`` prefix, else the config's default scope."""
    scope, dot, _ = type_name.rpartition('.')
    scope = scope if dot else default_scope
    return scope if scope in FULL_TIER_PACKAGES else None


def full_tier_builder(package: str, feature: str, load: Callable) -> Callable:
    """A registry entry for a class of the full tier that imports it only when built.

    ``load()`` imports and returns the class. The entry carries
    ``full_tier_package`` so that config checks can name what is missing before
    anything is built.
    """

    def build(*args, **kwargs):
        require_full_tier(feature, package)
        return load()(*args, **kwargs)

    build.full_tier_package = package
    build.__doc__ = f'Build {feature} (imports {package} on first use).'
    return build
