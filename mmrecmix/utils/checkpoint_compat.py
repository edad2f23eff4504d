"""Safe loading of mmengine checkpoints on torch >= 2.6.

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
"""
import pickle

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


def allow_mmengine_checkpoints() -> None:
    """Let torch's safe loader (``weights_only=True``) read mmengine checkpoints."""
    torch.serialization.add_safe_globals(mmengine_checkpoint_globals())
