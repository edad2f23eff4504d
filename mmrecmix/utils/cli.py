"""Moved to :mod:`mmrecmix.cli` (one module per concern); this old path still imports,
with a warning."""
from .moved import moved

globals().update(moved(__name__, *(f'mmrecmix.cli.{module}' for module in (
    'errors', 'arguments', 'config', 'datasets', 'checkpoints', 'launcher'))))
