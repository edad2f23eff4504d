"""Placeholder: being written (issue 19)."""
from mmrecmix.registry import BATCH_AUGMENTS


@BATCH_AUGMENTS.register_module()
class SaliencyMix:
    def __init__(self, *args, **kwargs):
        raise NotImplementedError('SaliencyMix is being written')
