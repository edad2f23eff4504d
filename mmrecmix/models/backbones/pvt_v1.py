"""PVT (v1) as an ImageNet classifier on mmdet's ``PyramidVisionTransformer`` (full
install tier: this module imports mmdet; ``mmrecmix.models.backbones`` registers it
without importing it)."""
from typing import Dict

import torch
import torch.nn as nn
from mmcv.cnn import build_norm_layer
from mmdet.models.backbones import PyramidVisionTransformer
from mmdet.models.layers import nlc_to_nchw
from mmengine.model.weight_init import trunc_normal_

# Shared by the four PVT sizes (Wang et al., ICCV 2021, Table 1): stage widths
# 64 x heads = 64 / 128 / 320 / 512, spatial reduction 8 / 4 / 2 / 1, MLP ratios
# 8 / 8 / 4 / 4; the sizes differ in depth only.
_PVT_COMMON = dict(embed_dims=64, num_heads=[1, 2, 5, 8], sr_ratios=[8, 4, 2, 1],
                   mlp_ratios=[8, 8, 4, 4])

# Keys of the classifier that mmdet's PyramidVisionTransformer does not have.
CLASSIFIER_ONLY_KEYS = ('cls_token', 'cls_pos_embed', 'norm.')


def detection_state_dict(state_dict: Dict[str, torch.Tensor]) -> Dict[str, torch.Tensor]:
    """The weights of a :class:`PyramidVisionTransformerCls` (its backbone keys, no
    ``backbone.`` prefix) that mmdet's ``PyramidVisionTransformer`` of the same
    arch loads with ``strict=True``: the class token, its position and the final
    norm dropped, as mmdet's own ``pvt_convert`` drops them from PVT's checkpoints."""
    return {key: value for key, value in state_dict.items()
            if not key.startswith(CLASSIFIER_ONLY_KEYS)}


class PyramidVisionTransformerCls(PyramidVisionTransformer):
    """PVT v1 (Wang et al., "Pyramid Vision Transformer", ICCV 2021) as an ImageNet
    classifier: mmdet's ``PyramidVisionTransformer`` plus the top of PVT's own
    classification model (whai362/PVT ``classification/pvt.py``, which SMMix's code
    copies).

    Architecture: four stages of patch embedding + absolute position embedding +
    spatial-reduction attention blocks (stride 4, 8, 16, 32); a class token joins
    the last stage's tokens, a LayerNorm follows the last stage, and the head
    classifies the class token, as in PVT's code (its ``forward_features`` returns
    ``norm(x)[:, 0]``). With ``with_cls_token=False`` the last output is instead the
    normed token map, for ``GlobalAveragePooling`` (the mean of the last-stage
    tokens, PVTv2's way).

    The last stage's layers see the class token and the patches as one row of
    ``1 + h w`` tokens: with spatial reduction 1 there and PVT v1's FFN (two 1x1
    convolutions) no layer of that stage reads the grid, so this is what PVT's code
    computes. Stage outputs other than the last are mmdet's ``(B, C, h, w)`` maps.

    Every weight outside :data:`CLASSIFIER_ONLY_KEYS` is mmdet's, module for module:
    :func:`detection_state_dict` turns a trained backbone into weights of mmdet's
    ``PyramidVisionTransformer`` (load them with ``convert_weights=False``;
    ``convert_weights=True`` expects PVT's original key names).

    Args:
        arch (str | dict): ``'tiny'``, ``'small'``, ``'medium'`` or ``'large'``
            (depths 2-2-2-2, 3-4-6-3, 3-4-18-3, 3-8-27-3), or a dict of mmdet's
            ``num_layers`` and optionally ``embed_dims``, ``num_heads``,
            ``sr_ratios`` and ``mlp_ratios``. Defaults to ``'tiny'``.
        with_cls_token (bool): Classify a class token in the last stage (PVT's
            code) rather than return the last token map. Needs
            ``sr_ratios[-1] == 1``. Defaults to True.
        out_indices (Sequence[int]): Stages to output. Defaults to ``(3, )``.
        drop_path_rate (float): Stochastic depth, linear in depth from 0 (PVT's
            configs: 0.1 for T / S, 0.3 for M / L). Defaults to 0.1.
        norm_cfg (dict): Every LayerNorm, the final one included. Defaults to
            ``dict(type='LN', eps=1e-6)`` (PVT's code and mmdet).
        **kwargs: Other arguments of mmdet's ``PyramidVisionTransformer``
            (``pretrain_img_size``, ``drop_rate``, ``init_cfg``, ...).
    """

    arch_zoo = {
        'tiny': dict(num_layers=[2, 2, 2, 2]),
        'small': dict(num_layers=[3, 4, 6, 3]),
        'medium': dict(num_layers=[3, 4, 18, 3]),
        'large': dict(num_layers=[3, 8, 27, 3]),
    }

    def __init__(self, arch='tiny', with_cls_token=True, out_indices=(3, ),
                 drop_path_rate=0.1, norm_cfg=dict(type='LN', eps=1e-6), **kwargs):
        if isinstance(arch, str):
            if arch not in self.arch_zoo:
                raise ValueError(f'PyramidVisionTransformerCls: arch {arch!r} is not '
                                 f'one of {sorted(self.arch_zoo)}.')
            arch = self.arch_zoo[arch]
        settings = dict(_PVT_COMMON, **arch)
        if with_cls_token and settings['sr_ratios'][-1] != 1:
            raise ValueError(
                'PyramidVisionTransformerCls: the class token needs sr_ratios[-1] == 1 '
                f"(no spatial reduction in the last stage), got {settings['sr_ratios']}.")
        super().__init__(out_indices=out_indices, drop_path_rate=drop_path_rate,
                         use_abs_pos_embed=True, norm_after_stage=False,
                         use_conv_ffn=False, norm_cfg=norm_cfg, **settings, **kwargs)
        self.with_cls_token = with_cls_token
        self.num_extra_tokens = int(with_cls_token)
        channels = settings['embed_dims'] * settings['num_heads'][-1]
        if with_cls_token:
            self.cls_token = nn.Parameter(torch.zeros(1, 1, channels))
            self.cls_pos_embed = nn.Parameter(torch.zeros(1, 1, channels))
        self.norm = build_norm_layer(norm_cfg, channels)[1]

    def init_weights(self):
        super().init_weights()
        if self.init_cfg is None and self.with_cls_token:
            trunc_normal_(self.cls_token, std=.02)
            trunc_normal_(self.cls_pos_embed, std=.02)

    def forward(self, x):
        outs = []
        last = len(self.layers) - 1
        for i, (patch_embed, layers, stage_norm) in enumerate(self.layers):
            x, hw_shape = patch_embed(x)
            position, blocks = layers[0], layers[1:]
            x = position(x, hw_shape)
            block_shape = hw_shape
            if i == last and self.with_cls_token:
                cls = (self.cls_token + self.cls_pos_embed).expand(x.size(0), -1, -1)
                x = torch.cat([position.drop(cls), x], dim=1)
                block_shape = (1, x.size(1))
            for block in blocks:
                x = block(x, block_shape)
            x = stage_norm(x)
            if i == last:
                x = self.norm(x)
                out = x[:, 0] if self.with_cls_token else nlc_to_nchw(x, hw_shape)
            else:
                x = out = nlc_to_nchw(x, hw_shape)
            if i in self.out_indices:
                outs.append(out)
        return tuple(outs)
