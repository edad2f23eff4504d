"""Old import paths of moved modules: each still imports, with a ``DeprecationWarning``
that names the new home (``mmrecmix.utils.cli`` -> ``mmrecmix.cli``, ...)."""
import importlib
import warnings


def moved(old: str, *new: str) -> dict:
    """Warn that ``old`` (a module, or a name a module exported) now lives in the
    modules ``new`` and return their names that do not start with an underscore, for
    the module left at the old path to re-export.

    The warning points at the line that imports ``old``: the caller of the module (or
    of the ``__getattr__``) that calls this.
    """
    warnings.warn(f'{old} has moved: import from {", ".join(new)} instead (the old '
                  'path will be removed).', DeprecationWarning, stacklevel=3)
    names = {}
    for module in map(importlib.import_module, new):
        names.update((name, value) for name, value in vars(module).items()
                     if not name.startswith('_'))
    return names
