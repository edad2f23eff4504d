"""Engine parts: hooks, optimizer constructors and schedulers of the mix methods."""
from .hooks import *  # noqa: F401,F403
from .optimizers import *  # noqa: F401,F403
from .schedulers import *  # noqa: F401,F403
