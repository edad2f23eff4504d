"""Placeholder: being written (issue 19)."""
from mmrecmix.registry import BATCH_AUGMENTS


@BATCH_AUGMENTS.register_module()
class FMix:
    def __init__(self, *args, **kwargs):
        raise NotImplementedError('FMix is being written')
