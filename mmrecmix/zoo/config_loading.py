"""Reading many configs quickly: ``Config.fromfile`` with mmengine's look-ups of
``package::`` bases answered once per process (the recipe and coverage tables and their
tests read every config)."""
import functools
from contextlib import contextmanager
from typing import List, Sequence

import mmengine.config.config as mmengine_config
from mmengine.config import Config


def _remember_outcomes(function):
    """``function`` computed once per argument tuple, its ``ValueError`` too (how
    mmengine says that a base is not a model name)."""
    outcomes = {}

    @functools.wraps(function)
    def remembered(*args):
        if args not in outcomes:
            try:
                outcomes[args] = (function(*args), None)
            except ValueError as error:
                outcomes[args] = (None, error)
        value, error = outcomes[args]
        if error is not None:
            raise error
        return value

    return remembered


# mmengine 0.10's private look-ups of ``package::`` bases; another mmengine without
# them loads configs the plain way.
_MMENGINE_LOOKUPS = tuple(getattr(mmengine_config, name, None)
                          for name in ('is_installed', '_get_external_cfg_path'))
_REMEMBERED_LOOKUPS = (
    (functools.lru_cache(maxsize=None)(_MMENGINE_LOOKUPS[0]),
     _remember_outcomes(_MMENGINE_LOOKUPS[1])) if all(_MMENGINE_LOOKUPS) else None)


@contextmanager
def quick_config_loading():
    """Within the block, ``Config.fromfile`` answers each question about a
    ``package::`` base once per process: mmengine 0.10 reloads ``pkg_resources`` to
    find the package and parses all of its metafiles to look the base up, for every
    such base of every config (about 0.3 s a config; the answers do not change while
    a tool or a test session reads the configs). A runtime swap of two of mmengine's
    private functions, restored on exit; nothing is edited on disk."""
    if _REMEMBERED_LOOKUPS is None:
        yield
        return
    mmengine_config.is_installed, mmengine_config._get_external_cfg_path = (
        _REMEMBERED_LOOKUPS)
    try:
        yield
    finally:
        mmengine_config.is_installed, mmengine_config._get_external_cfg_path = (
            _MMENGINE_LOOKUPS)


def load_configs(paths: Sequence[str]) -> List[Config]:
    """``Config.fromfile`` of each path, inside :func:`quick_config_loading`."""
    with quick_config_loading():
        return [Config.fromfile(path) for path in paths]

