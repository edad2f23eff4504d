from .attentivemix import AttentiveMix
from .base import MODES, PairMix, check_batch
from .box import box_half_sides, history_rows, sample_clipped_box
from .comixup import CoMixup
from .cutmix import CutMix
from .fmix import FMix
from .guided_step import GuidedMixStep
from .mixup import Mixup
from .moex import MomentExchange, exchange_moments
from .puzzlemix import PuzzleMix
from .recursive_mix import RecursiveMix, RecursiveMixStep
from .resizemix import ResizeMix
from .saliencymix import SaliencyMix
from .smmix import (SMMix, max_min_windows, paste_windows, window_side_range,
                    window_sums, window_token_mask)
from .switch import SampleSwitch
from .transmix import TransMix

__all__ = [
    'AttentiveMix', 'CoMixup', 'CutMix', 'FMix', 'GuidedMixStep', 'MODES', 'Mixup',
    'PairMix', 'PuzzleMix', 'RecursiveMix', 'RecursiveMixStep', 'ResizeMix', 'SaliencyMix',
    'SampleSwitch', 'SMMix', 'TransMix', 'box_half_sides', 'check_batch',
    'history_rows', 'max_min_windows', 'paste_windows', 'sample_clipped_box',
    'window_side_range', 'window_sums', 'window_token_mask', 'MomentExchange',
    'exchange_moments'
]
