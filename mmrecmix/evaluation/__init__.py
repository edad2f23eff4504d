"""What the papers measure beyond top-1 accuracy, as mmengine metrics."""
from .metrics import *  # noqa: F401,F403
