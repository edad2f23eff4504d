"""CaiT built by timm (full install tier: this module imports timm;
``mmrecmix.models.backbones`` registers it without importing it)."""
import timm
from mmpretrain.models.backbones.base_backbone import BaseBackbone


class CaiT(BaseBackbone):
    """CaiT (Touvron et al., "Going deeper with Image Transformers", ICCV 2021) as
    timm builds it (``timm.models.cait``, the authors' model ported), returning the
    class token after the final norm, for mmpretrain's ``LinearClsHead``.

    Architecture: patch embedding + position embedding, ``depth`` self-attention
    blocks on the patches (talking-heads attention, LayerScale), then two
    class-attention blocks where only the class token, inserted there, queries
    the patches; the head classifies the normed class token.

    mmpretrain's ``TIMMBackbone`` would return every token (it resets timm's
    pooling to none); this keeps timm's ``'token'`` pooling. The guides read the
    timm model through hooks (:class:`mmrecmix.models.guides.CaiTAttentionGuide`,
    :class:`mmrecmix.ClassAttentionRelabel`). timm's CaiT has a fixed token grid:
    build it at the input size it will see (``img_size``, square or ``(H, W)``).

    Args:
        arch (str): ``'xxs24'`` or ``'xxs36'`` (192-d, 4 heads, 24 / 36
            self-attention blocks, LayerScale init 1e-5), or any timm CaiT variant
            name without its resolution (``'xs24'``, ``'s24'``, ...).
            Defaults to ``'xxs24'``.
        img_size (int | tuple): Input size. Defaults to 224.
        drop_path_rate (float): Stochastic depth of every self-attention block
            (the same rate at each depth, as CaiT's code). Defaults to 0.
        init_cfg (dict, optional): mmengine initialisation; timm initialises the
            weights when it builds them. Defaults to None.
        **kwargs: Other arguments of timm's ``Cait``.
    """

    def __init__(self, arch='xxs24', img_size=224, drop_path_rate=0., init_cfg=None,
                 **kwargs):
        super().__init__(init_cfg)
        self.timm_model = timm.create_model(
            f'cait_{arch}_224', pretrained=False, num_classes=0, img_size=img_size,
            drop_path_rate=drop_path_rate, **kwargs)

    def forward(self, x):
        return (self.timm_model(x), )
