"""Placeholder: being written (issue 19)."""
from mmrecmix.registry import MODELS


@MODELS.register_module()
class WideResNet:
    def __init__(self, *args, **kwargs):
        raise NotImplementedError('WideResNet is being written')
