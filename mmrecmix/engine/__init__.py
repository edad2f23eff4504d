"""Engine parts: hooks used with the mix methods."""
from .hooks import *  # noqa: F401,F403
