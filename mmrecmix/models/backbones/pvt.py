"""mmdet's PVTv2 as a backbone of mmpretrain classifiers (full install tier: this module
imports mmdet; ``mmrecmix.models.backbones`` registers it without importing it)."""
from mmdet.models.backbones import PyramidVisionTransformerV2


class PyramidVisionTransformerV2Cls(PyramidVisionTransformerV2):
    """mmdet's ``PyramidVisionTransformerV2`` returning its stage outputs as a tuple,
    the form mmpretrain's necks and heads take (mmdet's returns a list).

    The weights are the same module for module, so a checkpoint trained with it
    initialises mmdet's ``PyramidVisionTransformerV2`` downstream (extract the
    backbone first: PVT's own ``init_weights`` ignores ``prefix``). Build it through
    the registry as ``type='mmrecmix.PyramidVisionTransformerV2Cls'``.
    """

    def forward(self, x):
        return tuple(super().forward(x))
