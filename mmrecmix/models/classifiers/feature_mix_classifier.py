"""Placeholder: being written (issue 19)."""
from mmrecmix.registry import MODELS


@MODELS.register_module()
class FeatureMixClassifier:
    def __init__(self, *args, **kwargs):
        raise NotImplementedError('FeatureMixClassifier is being written')
