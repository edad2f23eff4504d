"""Loading a tool's config, and the checks that name a mistake in it (a full-tier
package that is not installed, a ``mmrecmix.X`` type nothing registers) before
mmengine fails on it further down."""
from typing import Iterator, Optional, Tuple

from mmengine.config import Config

from mmrecmix.registry import ALL_REGISTRIES, SCOPE
from mmrecmix.utils.install_tier import (FULL_TIER_PACKAGES, FullTierRequired,
                                         full_tier_message, require_full_tier,
                                         scope_package)
from .errors import UsageError, require_file


def load_config(path: str, cfg_options: Optional[dict] = None) -> Config:
    """Read a config, apply ``--cfg-options`` and check its ``mmrecmix.`` types."""
    require_file(path, 'config file', 'Pass the path of a config file, '
                 'e.g. configs/demo/resnet18_digits_demo.py.')
    cfg = read_config_file(path)
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    check_install_tier(cfg, path)
    check_mmrecmix_types(cfg)
    return cfg


def read_config_file(path: str) -> Config:
    """``Config.fromfile``; a base config of a full-tier package that is not
    installed (``_base_ = 'mmdet::...'``) is a :class:`FullTierRequired`."""
    try:
        return Config.fromfile(path)
    except ModuleNotFoundError as error:
        package = next((p for p in FULL_TIER_PACKAGES if p in str(error)), None)
        if package is None:
            raise
        raise FullTierRequired(full_tier_message(path, package)) from error


def check_install_tier(cfg: Config, path: str) -> None:
    """Raise :class:`FullTierRequired` when the config builds modules of mmdet or
    mmseg (its default scope, or a ``mmdet.``/``mmseg.`` type) and they cannot be
    imported, before mmengine would fail on a registry that silently stayed empty."""
    default_scope = cfg.get('default_scope')
    needed = {scope_package('', default_scope)}
    for _, type_name in iter_config_types(cfg.to_dict()):
        needed.add(scope_package(type_name, default_scope))
        if type_name.startswith(f'{SCOPE}.'):
            module = registered_module(type_name[len(SCOPE) + 1:])
            needed.add(getattr(module, 'full_tier_package', None))
    for package in sorted(needed - {None}):
        require_full_tier(path, package)


def iter_config_types(node, where: str = '') -> Iterator[Tuple[str, str]]:
    """Yield ``(location, type name)`` for every string ``type`` in a config tree."""
    if isinstance(node, dict):
        for key, value in node.items():
            here = f'{where}.{key}' if where else str(key)
            if key == 'type' and isinstance(value, str):
                yield here, value
            else:
                yield from iter_config_types(value, here)
    elif isinstance(node, (list, tuple)):
        for index, value in enumerate(node):
            yield from iter_config_types(value, f'{where}[{index}]')


def registered_names() -> set:
    """Names of all modules registered in mmrecmix's registries."""
    import mmrecmix  # noqa: F401  (registers every module)
    return {name for registry in ALL_REGISTRIES for name in registry.module_dict}


def registered_module(name: str):
    """What mmrecmix registers under ``name`` (in any registry), or ``None``."""
    import mmrecmix  # noqa: F401  (registers every module)
    return next((registry.module_dict[name] for registry in ALL_REGISTRIES
                 if name in registry.module_dict), None)


def check_mmrecmix_types(cfg: Config) -> None:
    """Raise a :class:`UsageError` for a ``mmrecmix.X`` type that nothing registers."""
    known = registered_names()
    prefix = f'{SCOPE}.'
    for where, type_name in iter_config_types(cfg.to_dict()):
        name = type_name[len(prefix):]
        if type_name.startswith(prefix) and name not in known:
            raise UsageError(
                f'{where} = {type_name!r}: mmrecmix registers no module named '
                f'{name!r}. Registered: {", ".join(sorted(known))}. Fix the name '
                'in the config (or register your class with '
                '@MODELS.register_module() in a module listed in custom_imports).')
