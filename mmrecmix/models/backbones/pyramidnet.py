"""Placeholder: being written (issue 19)."""
from mmrecmix.registry import MODELS


@MODELS.register_module()
class PyramidNet:
    def __init__(self, *args, **kwargs):
        raise NotImplementedError('PyramidNet is being written')
