"""Checkpoints: loaded safely on every supported torch (``compat``), written
atomically and checked before they are read (``files``), and converted between
layouts (``convert``, for tools/model_converters)."""
from .compat import allow_mmengine_checkpoints, mmengine_checkpoint_globals

__all__ = ['allow_mmengine_checkpoints', 'mmengine_checkpoint_globals']
