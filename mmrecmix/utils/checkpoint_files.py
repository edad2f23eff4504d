"""Moved to :mod:`mmrecmix.checkpoint.files`; this old path still imports, with a warning."""
from .moved import moved

globals().update(moved(__name__, 'mmrecmix.checkpoint.files'))
