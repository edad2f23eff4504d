"""Placeholder: being written (issue 19)."""
from mmrecmix.registry import BATCH_AUGMENTS


@BATCH_AUGMENTS.register_module()
class ResizeMix:
    def __init__(self, *args, **kwargs):
        raise NotImplementedError('ResizeMix is being written')
