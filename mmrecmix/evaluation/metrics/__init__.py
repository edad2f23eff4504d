"""Metrics registered in ``mmrecmix.registry.METRICS`` (children of mmpretrain's), each
defined as the paper that reports it defines it."""
from .calibration import *  # noqa: F401,F403
from .corruption import *  # noqa: F401,F403
from .in_between import *  # noqa: F401,F403
from .ood import *  # noqa: F401,F403
from .subset_accuracy import *  # noqa: F401,F403
from .wsol import *  # noqa: F401,F403
