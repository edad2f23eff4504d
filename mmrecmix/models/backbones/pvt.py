"""mmdet's PVTv2 as a backbone of mmpretrain classifiers."""
from mmdet.models.backbones import PyramidVisionTransformerV2

from mmrecmix.registry import MODELS


@MODELS.register_module()
class PyramidVisionTransformerV2Cls(PyramidVisionTransformerV2):
    """mmdet's ``PyramidVisionTransformerV2`` returning its stage outputs as a tuple,
    the form mmpretrain's necks and heads take (mmdet's returns a list).

    The weights are the same module for module, so a checkpoint trained with it
    initialises mmdet's ``PyramidVisionTransformerV2`` downstream (extract the
    backbone first: PVT's own ``init_weights`` ignores ``prefix``).
    """

    def forward(self, x):
        return tuple(super().forward(x))
