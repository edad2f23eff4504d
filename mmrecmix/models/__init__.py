"""Models: batch augments, guides, necks and classifiers of the mix methods."""
from .batch_augments import *  # noqa: F401,F403
from .classifiers import *  # noqa: F401,F403
from .guides import *  # noqa: F401,F403
from .necks import *  # noqa: F401,F403
