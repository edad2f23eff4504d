"""VGG-GAP, the VGG-16 of CAM (Zhou et al., CVPR 2016) for weakly supervised
localisation: the backbone of CutMix Table 9's VGG-GAP rows."""
from mmcv.cnn import ConvModule
from mmpretrain.models.backbones import VGG

from mmrecmix.registry import MODELS


@MODELS.register_module()
class VGG_GAP(VGG):
    """VGG-16 with its layers after conv5_3 replaced by one convolution, so that a
    classifier's global average pooling and linear head give class activation maps.

    Architecture: VGG-16's thirteen 3x3 convolutions + ReLU with the max-pooling
    after conv5_3 and the fully connected layers removed (a 14 x 14 map at 224 x 224),
    then a 3x3 convolution to ``gap_channels`` channels (with bias) + ReLU. CAM's
    "VGGnet-GAP" (Sec. 3.1 of Zhou et al.), which ACoL, ADL and CutMix Table 9 build
    on; the layers are those of clovaai/wsolevaluation's ``vgg16('cam')``
    (``VggCam``, 14x14 features). The classifier adds ``GlobalAveragePooling`` and a
    ``LinearClsHead`` (wsolevaluation's ``avgpool`` and ``fc``), which
    :func:`mmrecmix.evaluation.cam.class_activation_maps` maps. The VGG-16 layers
    keep mmpretrain's ``VGG`` names (``features.<i>.conv``), so mmpretrain's
    ImageNet VGG-16 checkpoint loads into them; the added conv is ``gap_conv``.

    19,434,304 parameters; 19,639,304 with a 200-class head (CUB-200), 20,459,304
    with a 1000-class one (ImageNet).

    Args:
        depth (int): 11, 13, 16 or 19. Default: 16.
        gap_channels (int): Output channels of the added conv. Default: 1024.
        out_indices (Sequence[int]): Outputs returned: 0-4 are VGG's stages, 5
            the added conv. Default: (5, ).
        **kwargs: mmpretrain ``VGG``'s other arguments (``conv_cfg``,
            ``norm_cfg``, ``act_cfg``, ``frozen_stages``, ``norm_eval``,
            ``ceil_mode``, ``init_cfg``: by default He-normal convolutions over
            fan-out with zero biases, wsolevaluation's ``init_mode='he'``).
    """

    def __init__(self, depth: int = 16, gap_channels: int = 1024, out_indices=(5, ),
                 **kwargs):
        for name in ('num_classes', 'with_last_pool', 'num_stages'):
            if name in kwargs:
                raise ValueError(f'VGG_GAP fixes {name}: all five stages, no pooling '
                                 f'after the last conv, no fully connected layers')
        if not out_indices or not all(0 <= index <= 5 for index in out_indices):
            raise ValueError(f'out_indices must be in [0, 5] (5: the added conv), '
                             f'got {out_indices}')
        super().__init__(depth, num_classes=-1, out_indices=tuple(out_indices),
                         with_last_pool=False, **kwargs)
        self.gap_conv = ConvModule(self.in_channels, gap_channels, 3, padding=1,
                                   conv_cfg=kwargs.get('conv_cfg'),
                                   norm_cfg=kwargs.get('norm_cfg'),
                                   act_cfg=kwargs.get('act_cfg', dict(type='ReLU')))
        self.gap_channels = gap_channels

    def forward(self, x):
        outs = []
        layers = getattr(self, self.module_name)
        for index, (start, end) in enumerate(self.range_sub_modules):
            for position in range(start, end):
                x = layers[position](x)
            if index in self.out_indices:
                outs.append(x)
        x = self.gap_conv(x)
        if len(self.range_sub_modules) in self.out_indices:
            outs.append(x)
        return tuple(outs)
