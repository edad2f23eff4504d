"""Moved to :mod:`mmrecmix.checkpoint.convert`; this old path still imports, with a warning."""
from .moved import moved

globals().update(moved(__name__, 'mmrecmix.checkpoint.convert'))
