"""TransMix's label weights: the share of the model's last-block attention that falls
on the pasted tokens, read from the mixed forward itself."""
from typing import Optional, Tuple

import torch
import torch.nn as nn

from mmrecmix.registry import MODELS
from mmrecmix.utils.validation import check_range

from .attention_guides import (PVTClsAttentionGuide, SwinAttentionGuide,
                               _CaptureInput, _CaptureOutput, cait_class_attention,
                               loaded_pairs)
from .base import BaseRelabel, ForwardHooks, eval_mode


def pasted_token_mask(boxes: torch.Tensor, image_size: Tuple[int, int],
                      grid: Tuple[int, int]) -> torch.Tensor:
    """``(N, h, w)`` mask, True on the tokens whose sampled pixel lies in the pasted
    box: token ``(r, c)`` samples pixel ``(floor(r H / h), floor(c W / w))``, the
    nearest-neighbour downsampling of the pixel mask to the token grid that both
    references use (``nn.Upsample(size=grid)``, mode 'nearest').

    Args:
        boxes (Tensor): ``(N, 4)`` ``(x1, y1, x2, y2)`` pixel boxes, ends exclusive.
        image_size (tuple): ``(H, W)`` of the mixed images.
        grid (tuple): ``(h, w)`` token grid of the attention map.
    """
    (height, width), (rows, cols) = image_size, grid
    device = boxes.device
    row_pixels = torch.arange(rows, device=device) * height // rows
    col_pixels = torch.arange(cols, device=device) * width // cols
    in_rows = (row_pixels >= boxes[:, 1:2]) & (row_pixels < boxes[:, 3:4])
    in_cols = (col_pixels >= boxes[:, 0:1]) & (col_pixels < boxes[:, 2:3])
    return in_rows[:, :, None] & in_cols[:, None, :]


def pasted_attention_share(attention: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    r"""``(N,)`` share :math:`\sum_j a_j m_j / \sum_j a_j` of the attention
    ``(N, h, w)`` (non-negative) that falls on the tokens of ``mask``."""
    attention = attention.flatten(1)
    return (attention * mask.flatten(1)).sum(1) / attention.sum(1)


_NO_FORWARD = ('ClassAttentionRelabel: no forward pass seen yet; call it after the '
               'mixed forward of the backbone it is attached to.')


class _ViTClassAttention:
    """mmpretrain ``VisionTransformer`` (ViT, DeiT, distilled DeiT): the class
    token's row of the last block's softmax attention, mean over heads, on the patch
    tokens. A forward hook on the block's ``qkv`` projection computes the row from
    the projection the block made anyway (the block's fused kernel never forms the
    attention matrix): one query against the keys, no second pass. Like every hook
    of :class:`ForwardHooks`, it does nothing in an eval-mode forward."""

    def __init__(self, backbone: nn.Module, hooks: ForwardHooks):
        if not backbone.with_cls_token:
            raise ValueError(
                'ClassAttentionRelabel: the VisionTransformer has no class token '
                '(with_cls_token=False); TransMix reads the class token\'s attention.')
        self.attn = backbone.layers[-1].attn
        self.num_extra_tokens = backbone.num_extra_tokens
        self.grid = _CaptureOutput(backbone.patch_embed, hooks)
        self.row = None
        hooks.add(self.attn.qkv, self.keep_class_row)

    def keep_class_row(self, module, args, qkv: torch.Tensor) -> None:
        attn = self.attn
        with torch.no_grad():
            batch, length, _ = qkv.shape
            qkv = qkv.detach().reshape(batch, length, 3, attn.num_heads, attn.head_dims)
            query, keys = qkv[:, 0, 0].float(), qkv[:, :, 1].float()
            # mmpretrain's MultiheadAttention scales by head_dims ** -0.5, also when
            # qk_scale is set (it then passes head_dims ** -0.5, not qk_scale).
            logits = torch.einsum('bhd,blhd->bhl', query, keys) * attn.head_dims**-0.5
            self.row = logits.softmax(dim=-1).mean(dim=1)[:, self.num_extra_tokens:]

    def attention_map(self) -> torch.Tensor:
        """``(N, h, w)`` class attention of the latest forward on its token grid."""
        if self.row is None:
            raise ValueError(_NO_FORWARD)
        return self.row.reshape(self.row.size(0), *self.grid.output[1])


class _SwinPooledAttention:
    """mmpretrain ``SwinTransformer`` (no class token; the head reads the global
    average of the last tokens): the attention of the average query, i.e. each
    token's last-block window attention (relative position bias and shift mask
    included) averaged over heads and over the queries of its window, on the last
    grid. Recomputed from the block's captured input by SMMix's
    :class:`SwinAttentionGuide` (its image attention score, SMMix Eq. 6)."""

    def __init__(self, backbone: nn.Module, hooks: ForwardHooks):
        self.guide = SwinAttentionGuide()
        self.guide.add_hooks(backbone, hooks)

    def attention_map(self) -> torch.Tensor:
        if self.guide.attn_input.args is None:
            raise ValueError(_NO_FORWARD)
        # Eval mode: the block's output drop path would zero some samples' scores.
        with eval_mode(self.guide.shift_msa):
            return self.guide.score_map(None).float()


class _PVTClassAttention:
    """mmrecmix ``PyramidVisionTransformerCls`` (PVT v1 classifier): the class
    token's row of the last block's attention (spatial reduction 1 there, so the
    keys are the tokens), mean over heads, on the patch tokens; recomputed from the
    block's captured input by SMMix's :class:`PVTClsAttentionGuide`."""

    def __init__(self, backbone: nn.Module, hooks: ForwardHooks):
        if not backbone.with_cls_token:
            raise ValueError(
                'ClassAttentionRelabel: the PyramidVisionTransformerCls has no class '
                'token (with_cls_token=False); TransMix reads the class token\'s '
                'attention.')
        self.guide = PVTClsAttentionGuide()
        self.guide.add_hooks(backbone, hooks)

    def attention_map(self) -> torch.Tensor:
        if self.guide.attn_input.args is None:
            raise ValueError(_NO_FORWARD)
        with eval_mode(self.guide.attn):  # no attention dropout on the weights
            row = self.guide.attention()[:, :, 0, 1:].float().mean(dim=1)
        return row.reshape(row.size(0), *self.guide.grid.output[1])


class _CaiTClassAttention:
    """mmrecmix ``CaiT`` (timm's): the class token's attention in the last
    class-attention block (its only query), mean over heads, on the patch tokens;
    recomputed from the block's captured input."""

    def __init__(self, backbone: nn.Module, hooks: ForwardHooks):
        model = backbone.timm_model
        self.attn = model.blocks_token_only[-1].attn
        self.attn_input = _CaptureInput(self.attn, hooks)
        self.grid = model.patch_embed.grid_size

    def attention_map(self) -> torch.Tensor:
        if self.attn_input.args is None:
            raise ValueError(_NO_FORWARD)
        x = self.attn_input.get(0, 'x').detach().float()
        row = cait_class_attention(self.attn, x)[:, :, 1:].mean(dim=1)
        return row.reshape(row.size(0), *self.grid)


def _attention_readers():
    """``(backbone class, reader class)`` pairs; our PVT v1 classifier and CaiT only
    when their (full-tier) modules are loaded."""
    from mmpretrain.models.backbones import SwinTransformer, VisionTransformer
    return [(VisionTransformer, _ViTClassAttention),
            (SwinTransformer, _SwinPooledAttention)] + loaded_pairs([
                ('mmrecmix.models.backbones.pvt_v1', 'PyramidVisionTransformerCls',
                 _PVTClassAttention),
                ('mmrecmix.models.backbones.cait', 'CaiT', _CaiTClassAttention),
            ])


@MODELS.register_module()
class ClassAttentionRelabel(BaseRelabel):
    r"""TransMix's label re-weighting (Chen et al., CVPR 2022, Sec. 3): after the
    mixed forward, the target's share of the label of a CutMix-style step (one that
    reports pasted ``boxes``) becomes

    .. math::
        \lambda = w\,\lambda_{area} + (1 - w)\Big(1 - \frac{\sum_j a_j m_j}
        {\sum_j a_j}\Big), \qquad a = \tfrac{1}{H}\textstyle\sum_h
        \mathrm{softmax}\big(q^h_{cls} K^{h\top} / \sqrt{d}\big)_{patches}

    where :math:`a` is the class token's attention in the model's last block (mean
    over the heads, on the patch tokens), :math:`m` the pasted tokens (the pixel
    box downsampled to the token grid by nearest neighbour),
    :math:`\lambda_{area}` the step's own ``lam`` (the target's area share) and
    :math:`w` = ``area_weight``. The attention comes from the same forward (hooks
    registered by :meth:`attach`, idle in eval-mode forwards), without gradient; a
    step without boxes (Mixup) is left as it is (``None``), and so is each sample
    whose box is empty (the Mixup and unmixed samples of a per-sample switch).

    Backbones (picked by class): mmpretrain ``VisionTransformer`` (ViT / DeiT; extra
    distillation tokens dropped, the patch shares renormalised), mmrecmix
    ``PyramidVisionTransformerCls`` (PVT v1 with its class token in the last stage)
    and ``CaiT`` (the last class-attention block), and mmpretrain
    ``SwinTransformer``, which has no class token: there the average query's
    attention (over heads and the queries of each window of the last block) stands
    in for :math:`a`, normalised over the grid.

    The paper's equation is :math:`w = 0`; the default follows the authors' code
    and OpenMixup, which average area and attention (see the documentation's guided
    mixes page).

    Args:
        area_weight (float): Weight :math:`w` of the area share, in [0, 1].
            Defaults to 0.5 (the authors' code and OpenMixup).
    """

    def __init__(self, area_weight: float = 0.5):
        check_range(type(self).__name__, 'area_weight', area_weight, 0, 1)
        self.area_weight = area_weight
        self.reader = None

    def add_hooks(self, backbone: nn.Module, hooks: ForwardHooks) -> None:
        for backbone_class, reader_class in _attention_readers():
            if isinstance(backbone, backbone_class):
                self.reader = reader_class(backbone, hooks)
                return
        raise ValueError(
            f'ClassAttentionRelabel: {type(backbone).__name__} has no class '
            'attention to read; supported are mmpretrain VisionTransformer '
            '(ViT / DeiT) and SwinTransformer, mmrecmix PyramidVisionTransformerCls '
            '(PVT v1, with_cls_token=True) and mmrecmix CaiT.')

    def __call__(self, step, image_size: Tuple[int, int]) -> Optional[torch.Tensor]:
        """The ``(N,)`` target shares of ``step`` from the latest (mixed) forward,
        or ``None`` for a step without pasted boxes."""
        if step.boxes is None:
            return None
        if self.reader is None:
            raise ValueError('ClassAttentionRelabel: attach(backbone) first.')
        with torch.no_grad():
            attention = self.reader.attention_map()
            if attention.size(0) != step.boxes.size(0):
                raise ValueError(
                    f'ClassAttentionRelabel: the latest forward saw {attention.size(0)} '
                    f'images but the step pasted {step.boxes.size(0)} boxes; call it '
                    'right after the mixed forward.')
            mask = pasted_token_mask(step.boxes, image_size, attention.shape[-2:])
            attention_lam = 1 - pasted_attention_share(attention, mask)
            area_lam = torch.as_tensor(step.lam, dtype=attention_lam.dtype,
                                       device=attention_lam.device)
            relabelled = self.area_weight * area_lam + (
                1 - self.area_weight) * attention_lam
            return torch.where(step.pasted_a_box(), relabelled,
                               area_lam.expand_as(relabelled))
