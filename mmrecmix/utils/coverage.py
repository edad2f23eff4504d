"""Moved to :mod:`mmrecmix.zoo.coverage`; this old path still imports, with a warning."""
from .moved import moved

globals().update(moved(__name__, 'mmrecmix.zoo.coverage'))
