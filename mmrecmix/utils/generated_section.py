"""Moved to :mod:`mmrecmix.zoo.generated_section`; this old path still imports, with a warning."""
from .moved import moved

globals().update(moved(__name__, 'mmrecmix.zoo.generated_section'))
