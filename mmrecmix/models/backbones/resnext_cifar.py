"""Placeholder: being written (issue 19)."""
from mmrecmix.registry import MODELS


@MODELS.register_module()
class ResNeXt_CIFAR:
    def __init__(self, *args, **kwargs):
        raise NotImplementedError('ResNeXt_CIFAR is being written')
