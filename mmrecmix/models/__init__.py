"""Models: batch augments, backbones, guides, necks and classifiers."""
from .backbones import *  # noqa: F401,F403
from .batch_augments import *  # noqa: F401,F403
from .classifiers import *  # noqa: F401,F403
from .guides import *  # noqa: F401,F403
from .mix_blocks import *  # noqa: F401,F403
from .necks import *  # noqa: F401,F403
