from .box import history_rows, sample_clipped_box
from .recursive_mix import RecursiveMix, RecursiveMixStep

__all__ = ['RecursiveMix', 'RecursiveMixStep', 'history_rows', 'sample_clipped_box']
