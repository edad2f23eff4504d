from .box import history_rows, sample_clipped_box
from .cutmix import CutMix
from .recursive_mix import RecursiveMix, RecursiveMixStep
from .smmix import (GuidedMixStep, SMMix, max_min_windows, paste_windows,
                    window_side_range, window_sums, window_token_mask)

__all__ = [
    'CutMix', 'GuidedMixStep', 'RecursiveMix', 'RecursiveMixStep', 'SMMix',
    'history_rows', 'max_min_windows', 'paste_windows', 'sample_clipped_box',
    'window_side_range', 'window_sums', 'window_token_mask'
]
