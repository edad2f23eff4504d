"""Safe loading of mmengine checkpoints, on every supported torch.

torch 2.6 made ``torch.load(weights_only=True)`` the default. mmengine 0.10.7 calls
``torch.load`` without the argument, and its checkpoints hold more than tensors: the
message hub's ``HistoryBuffer`` objects and the NumPy arrays and scalars inside them.
Loading such a file then fails with ``Unsupported global``. Rather than switching the
safe loader off, we add exactly those classes to torch's allow-list, so any other
object in a checkpoint is still refused.

A ``HistoryBuffer`` also pickles its statistics methods as
``getattr(HistoryBuffer, 'mean')``. Allowing ``builtins.getattr`` itself would let a
crafted file reach almost anything, so the name is mapped to a getattr that only
returns a registered statistics method of ``HistoryBuffer``.

Older torch (2.1-2.5) has neither the safe default nor the allow-list, and its
``weights_only`` unpickler cannot rebuild a ``HistoryBuffer`` or a NumPy array at all.
There, mmengine's loader of local files is replaced by one that unpickles with the same
allow-list (torch's own tensor globals plus the classes above) and refuses everything
else, so a checkpoint never runs arbitrary code whatever the torch version.
"""
import _codecs
import _compat_pickle
import functools
import io
import os.path as osp
import pickle
import re
import types
import warnings
from typing import Optional

import numpy as np
import torch
from mmengine.logging import HistoryBuffer

# NumPy 2 moved ``numpy.core`` to ``numpy._core``; checkpoints written under NumPy 1
# name the old module, so both spellings are allowed.
_NUMPY_CORE_MODULES = ('numpy.core.multiarray', 'numpy._core.multiarray')
# The statistics methods every HistoryBuffer registers on itself.
HISTORY_BUFFER_STATISTICS = ('min', 'max', 'current', 'mean')


def _numpy_dtype_classes() -> list:
    """The dtype classes (``numpy.dtypes.Float64DType`` ...) of NumPy's plain types."""
    return sorted({type(np.dtype(code)) for code in np.typecodes['All']
                   if code not in 'OUVSaMm'}, key=lambda cls: cls.__name__)


def history_buffer_getattr(owner, name: str):
    """``getattr`` restricted to what a pickled ``HistoryBuffer`` asks for."""
    if owner is HistoryBuffer and name in HISTORY_BUFFER_STATISTICS:
        return getattr(owner, name)
    raise pickle.UnpicklingError(
        f'checkpoint asks for getattr({owner!r}, {name!r}); the safe loader only '
        "allows HistoryBuffer's statistics methods.")


def mmengine_checkpoint_globals() -> list:
    """Everything besides tensors and builtins that mmengine writes to a checkpoint.

    Returns:
        list: Objects or ``(object, qualified name)`` pairs for
        :func:`torch.serialization.add_safe_globals`.
    """
    # The functions NumPy's own pickling uses to rebuild arrays and scalars.
    reconstruct = np.ndarray(0).__reduce__()[0]
    scalar = np.float64(0).__reduce__()[0]
    allowed = [HistoryBuffer, np.ndarray, np.dtype, *_numpy_dtype_classes(),
               (history_buffer_getattr, 'builtins.getattr')]
    for module in _NUMPY_CORE_MODULES:
        allowed.append((reconstruct, f'{module}._reconstruct'))
        allowed.append((scalar, f'{module}.scalar'))
    return allowed


def has_safe_globals() -> bool:
    """Whether this torch has the safe loader's allow-list (torch >= 2.4)."""
    return hasattr(torch.serialization, 'add_safe_globals')


class _UnlistedObject:
    """A class no allow-list names: what :func:`safe_by_default` tries to load."""


@functools.lru_cache(maxsize=None)
def safe_by_default() -> bool:
    """Whether a plain ``torch.load`` refuses objects outside the allow-list (torch
    >= 2.6 unless ``TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD`` is set), tried out on a small
    in-memory file rather than guessed from the version."""
    buffer = io.BytesIO()
    torch.save(_UnlistedObject(), buffer)
    buffer.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')  # torch 2.4-2.5 warn about the default
        try:
            torch.load(buffer)
        except Exception:
            return True
    return False


@functools.lru_cache(maxsize=None)
def _allowed_by_name() -> dict:
    """``'module.name' -> object`` of everything the restricted unpickler may find:
    torch's own weights-only globals (tensors, storages, dtypes, ``OrderedDict``)
    and :func:`mmengine_checkpoint_globals`. Built once: the unpickler looks a
    name up for every global a checkpoint names."""
    from torch import _weights_only_unpickler
    allowed = dict(_weights_only_unpickler._get_allowed_globals())
    # Pickle protocol 2 (torch.save's) writes bytes, e.g. NumPy 1's array data, as
    # _codecs.encode(text, 'latin1'); newer torch allow-lists it as well.
    allowed['_codecs.encode'] = _codecs.encode
    for entry in mmengine_checkpoint_globals():
        obj, name = entry if isinstance(entry, tuple) else (
            entry, f'{entry.__module__}.{entry.__qualname__}')
        allowed[name] = obj
    return allowed


class RestrictedUnpickler(pickle.Unpickler):
    """An unpickler that finds only the allow-listed globals."""

    def find_class(self, module: str, name: str):
        # Protocol 2 (torch.save's) spells some names the Python 2 way
        # (__builtin__.getattr); map them as pickle's own find_class does.
        if (module, name) in _compat_pickle.NAME_MAPPING:
            module, name = _compat_pickle.NAME_MAPPING[(module, name)]
        module = _compat_pickle.IMPORT_MAPPING.get(module, module)
        obj = _allowed_by_name().get(f'{module}.{name}')
        if obj is None:
            raise pickle.UnpicklingError(
                f'Unsupported global: {module}.{name} is not allowed in a checkpoint '
                "(mmrecmix's safe loader allows tensors and what mmengine writes).")
        return obj


# What ``torch.load(pickle_module=...)`` needs of a pickle module.
restricted_pickle = types.SimpleNamespace(
    Unpickler=RestrictedUnpickler, load=lambda f, **kwargs: RestrictedUnpickler(
        f, **kwargs).load(), __name__='mmrecmix_restricted_pickle')


def refused_global(message: str) -> Optional[str]:
    """The object a refused checkpoint asks for, as the safe loader's message names
    it (torch's ``GLOBAL posix.system``, ours ``Unsupported global: x.y``), or
    ``None``."""
    match = re.search(r'(?:GLOBAL|global:) (?!GLOBAL )([\w.]+)', message)
    return match.group(1) if match else None


def refusal_message(path: str, error: pickle.UnpicklingError) -> str:
    """Our words for the safe loader's refusal of ``path``, naming the object it asks
    for; torch's own text, which advises loading the file with
    ``weights_only=False``, is left out."""
    name = refused_global(str(error))
    asks = f' (it asks for {name})' if name else ''
    return (f'{path} contains code, refused{asks}: the safe loader reads only tensors '
            'and the classes mmengine writes.')


def safe_load(path: str, map_location='cpu', mmap: bool = False):
    """``torch.load`` that never unpickles arbitrary objects: torch's safe default
    where it has one (with the allow-list above), else the restricted unpickler.
    ``mmap=True`` maps the tensors' storage instead of reading it (torch's zip format
    only), for a caller that only looks at the keys."""
    if safe_by_default():
        return torch.load(path, map_location=map_location, mmap=mmap)
    return torch.load(path, map_location=map_location, weights_only=False,
                      pickle_module=restricted_pickle, mmap=mmap)


def _load_local_safely(filename: str, map_location=None):
    """mmengine's loader for local files, through :func:`safe_load`."""
    filename = osp.expanduser(filename)
    if not osp.isfile(filename):
        raise FileNotFoundError(f'{filename} can not be found.')
    return safe_load(filename, map_location)


def allow_mmengine_checkpoints() -> None:
    """Let checkpoint loading read mmengine checkpoints and nothing unsafe: the
    allow-list where torch has one; mmengine's local loader made restricted where
    torch does not load safely by default."""
    if has_safe_globals():
        torch.serialization.add_safe_globals(mmengine_checkpoint_globals())
    if not safe_by_default():
        from mmengine.runner.checkpoint import CheckpointLoader
        CheckpointLoader.register_scheme(prefixes='', force=True)(_load_local_safely)
