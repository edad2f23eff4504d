from .box import history_rows, sample_clipped_box
from .cutmix import CutMix
from .recursive_mix import RecursiveMix, RecursiveMixStep

__all__ = [
    'CutMix', 'RecursiveMix', 'RecursiveMixStep', 'history_rows',
    'sample_clipped_box'
]
