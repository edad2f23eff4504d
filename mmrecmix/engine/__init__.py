"""Engine parts: hooks, optimizer constructors and schedulers of the mix methods, and
the adversarial test loop."""
from .hooks import *  # noqa: F401,F403
from .optimizers import *  # noqa: F401,F403
from .runner import *  # noqa: F401,F403
from .schedulers import *  # noqa: F401,F403
