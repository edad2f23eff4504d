"""Where a guided mix looks: a per-token score map of the clean batch, read from the
model under training, and the token map of the mixed batch."""
import sys

import torch
import torch.nn as nn

from mmrecmix.registry import MODELS

from ..utils import tokens_to_map
from .base import BaseGuide, ForwardHooks


def image_attention_score(attn: torch.Tensor, num_extra_tokens: int = 0) -> torch.Tensor:
    r"""SMMix's image attention score (Eq. 6): the attention each token *receives*,
    averaged over heads and over queries, extra (class) tokens dropped on both axes.

    .. math:: \alpha = \frac{1}{N} \sum_{i=1}^{N} A^i

    Args:
        attn (Tensor): ``(B, heads, N, N)`` softmaxed attention (queries, keys).
        num_extra_tokens (int): Leading tokens that are not image patches.

    Returns:
        Tensor: ``(B, N - num_extra_tokens)``.
    """
    patches = attn[:, :, num_extra_tokens:, num_extra_tokens:]
    return patches.mean(dim=(1, 2))


class _CaptureInput:
    """A forward pre-hook, registered through ``hooks``, that keeps the latest
    inputs of a module."""

    def __init__(self, module: nn.Module, hooks: ForwardHooks):
        self.args, self.kwargs = None, None
        hooks.add(module, self, pre=True)

    def __call__(self, module, args, kwargs):
        self.args, self.kwargs = args, kwargs

    def get(self, position: int, name: str):
        """The argument ``name``, passed by keyword or at ``position``."""
        return self.kwargs[name] if name in self.kwargs else self.args[position]


class _CaptureOutput:
    """A forward hook, registered through ``hooks``, that keeps the latest output
    of a module."""

    def __init__(self, module: nn.Module, hooks: ForwardHooks):
        self.output = None
        hooks.add(module, self)

    def __call__(self, module, args, output):
        self.output = output


class ViTAttentionGuide(BaseGuide):
    """mmpretrain ``VisionTransformer`` (ViT, DeiT): the last block's attention,
    recomputed from its ``q`` and ``k`` (the block itself uses a fused kernel that
    never forms the matrix); tokens after the final norm."""

    def add_hooks(self, backbone, hooks):
        self.backbone = backbone
        self.attn_input = _CaptureInput(backbone.layers[-1].attn, hooks)
        self.grid = _CaptureOutput(backbone.patch_embed, hooks)
        last = backbone.ln1 if backbone.final_norm else backbone.layers[-1]
        self.tokens = _CaptureOutput(last, hooks)

    def attention(self) -> torch.Tensor:
        """``(B, heads, N, N)`` softmaxed attention of the last forward."""
        attn = self.backbone.layers[-1].attn
        x = self.attn_input.get(0, 'x')
        batch, length, _ = x.shape
        qkv = attn.qkv(x).reshape(batch, length, 3, attn.num_heads, attn.head_dims)
        q, k = qkv[:, :, 0].transpose(1, 2), qkv[:, :, 1].transpose(1, 2)
        scale = getattr(attn.scaled_dot_product_attention, 'keywords',
                        {}).get('scale') or attn.head_dims**-0.5
        return (q @ k.transpose(-2, -1) * scale).softmax(dim=-1)

    def score_map(self, features):
        score = image_attention_score(self.attention(),
                                      self.backbone.num_extra_tokens)
        return score.reshape(score.size(0), *self.grid.output[1])

    def token_map(self, features):
        return tokens_to_map(self.tokens.output, self.grid.output[1],
                             self.backbone.num_extra_tokens)


class _WindowScore(nn.Module):
    """Stands in for a Swin ``WindowMSA``: returns each window token's image attention
    score, repeated over the channels, so that ``ShiftWindowMSA`` itself puts the
    scores back on the grid (un-shifting and cropping as it does for features)."""

    def __init__(self, w_msa: nn.Module):
        super().__init__()
        self.w_msa = w_msa

    def forward(self, x, mask=None):
        msa = self.w_msa
        windows, length, channels = x.shape
        qkv = msa.qkv(x).reshape(windows, length, 3, msa.num_heads,
                                 channels // msa.num_heads).permute(2, 0, 3, 1, 4)
        attn = (qkv[0] * msa.scale) @ qkv[1].transpose(-2, -1)
        bias = msa.relative_position_bias_table[
            msa.relative_position_index.view(-1)].view(length, length, -1)
        attn = attn + bias.permute(2, 0, 1)[None]
        if mask is not None:
            attn = attn.view(-1, mask.size(0), msa.num_heads, length, length)
            attn = (attn + mask[None, :, None]).view(-1, msa.num_heads, length,
                                                    length)
        score = image_attention_score(attn.softmax(dim=-1))
        return score[..., None].expand(-1, -1, channels)


class SwinAttentionGuide(BaseGuide):
    """mmpretrain ``SwinTransformer``: the last block's window attention (relative
    position bias and shift mask included), scores placed back on the last grid."""

    def add_hooks(self, backbone, hooks):
        self.shift_msa = backbone.stages[-1].blocks[-1].attn
        self.attn_input = _CaptureInput(self.shift_msa, hooks)

    def score_map(self, features):
        query = self.attn_input.get(0, 'query')
        hw_shape = self.attn_input.get(1, 'hw_shape')
        original = self.shift_msa.w_msa
        self.shift_msa.w_msa = _WindowScore(original)
        try:
            scores = self.shift_msa(query, hw_shape)[..., 0]
        finally:
            self.shift_msa.w_msa = original
        return scores.reshape(scores.size(0), *hw_shape)


class PVTAttentionGuide(BaseGuide):
    """mmdet ``PyramidVisionTransformer(V2)``: the last stage's last spatial-reduction
    attention. With a reduction ratio above 1 the keys live on a coarser grid, so the
    last stage must have ``sr_ratio=1`` (it does in every PVTv2 variant)."""

    def add_hooks(self, backbone, hooks):
        self.attn = backbone.layers[-1][1][-1].attn
        if getattr(self.attn, 'sr_ratio', 1) != 1:
            raise ValueError(
                'PVTAttentionGuide needs sr_ratios[-1] == 1 (keys on the token '
                f'grid), got {self.attn.sr_ratio}.')
        self.attn_input = _CaptureInput(self.attn, hooks)

    def attention(self) -> torch.Tensor:
        """``(B, heads, N, N)`` softmaxed attention of the last forward."""
        x = self.attn_input.get(0, 'x')
        mha = self.attn.attn
        tokens = x.transpose(0, 1) if self.attn.batch_first else x
        _, weights = mha(tokens, tokens, tokens, need_weights=True,
                         average_attn_weights=False)
        return weights

    def score_map(self, features):
        hw_shape = self.attn_input.get(1, 'hw_shape')
        score = image_attention_score(self.attention())
        return score.reshape(score.size(0), *hw_shape)


class PVTClsAttentionGuide(PVTAttentionGuide):
    """mmrecmix ``PyramidVisionTransformerCls`` (PVT v1 classifier): the last
    stage's last attention over the class token and the patches, class token
    dropped on both axes, as SMMix's code scores PVT (its ``pvt.py``:
    ``attn[:, :, 1:, 1:].mean(dim=(1, 2))`` of the last block); the grid is the last
    patch embedding's, the tokens the patches after the final norm."""

    def add_hooks(self, backbone, hooks):
        super().add_hooks(backbone, hooks)
        self.num_extra_tokens = backbone.num_extra_tokens
        self.grid = _CaptureOutput(backbone.layers[-1][0], hooks)
        self.tokens = _CaptureOutput(backbone.norm, hooks)

    def score_map(self, features):
        score = image_attention_score(self.attention(), self.num_extra_tokens)
        return score.reshape(score.size(0), *self.grid.output[1])

    def token_map(self, features):
        tokens = self.tokens.output
        if tokens.dim() == 4:  # with_cls_token=False: already the (B, C, h, w) map
            return tokens
        return tokens_to_map(tokens, self.grid.output[1], self.num_extra_tokens)


def cait_class_attention(attn: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """``(B, heads, N)`` softmaxed attention of the class token (the only query) of
    a timm CaiT ``ClassAttn`` over its ``N`` keys (class token first), recomputed
    from the block's input ``x`` (the fused kernel never forms it)."""
    batch, length, channels = x.shape
    head_dims = channels // attn.num_heads
    query = attn.q(x[:, 0]).reshape(batch, attn.num_heads, head_dims)
    keys = attn.k(x).reshape(batch, length, attn.num_heads, head_dims)
    logits = torch.einsum('bhd,blhd->bhl', query * attn.scale, keys)
    return logits.softmax(dim=-1)


class CaiTAttentionGuide(BaseGuide):
    r"""mmrecmix ``CaiT`` (timm's): SMMix's image attention score (Eq. 6: the mean
    over heads and queries) of the last *self-attention* block, where the patches
    attend to each other; CaiT's two class-attention blocks after it have one
    query, the class token, so Eq. 6 has no image queries there. The map is the
    talking-heads attention that multiplies the values (after its mixing of the
    heads, as Eq. 5's :math:`\mathcal{A}(Q, K)`), read off the input of the block's
    attention dropout; CaiT has no class token in these blocks. The tokens are the
    patches after the final norm, on the patch embedding's grid."""

    def add_hooks(self, backbone, hooks):
        model = backbone.timm_model
        self.attn_map = _CaptureInput(model.blocks[-1].attn.attn_drop, hooks)
        self.tokens = _CaptureOutput(model.norm, hooks)
        self.grid = model.patch_embed.grid_size

    def score_map(self, features):
        score = image_attention_score(self.attn_map.get(0, 'input'))
        return score.reshape(score.size(0), *self.grid)

    def token_map(self, features):
        tokens = self.tokens.output[:, 1:]
        return tokens.transpose(1, 2).reshape(tokens.size(0), -1, *self.grid)


@MODELS.register_module()
class FeatureEnergyGuide(BaseGuide):
    r"""The CNN variant (beyond the SMMix paper, which leaves CNNs open): the score of
    a cell of the last feature map is its activation energy
    :math:`\frac{1}{C}\sum_c F_c(i, j)^2`."""

    def score_map(self, features):
        feature = features[-1]
        if feature.dim() != 4:
            raise ValueError(
                'FeatureEnergyGuide needs the backbone\'s last output to be a 4-D '
                f'feature map, got shape {tuple(feature.shape)}.')
        return feature.float().pow(2).mean(dim=1)


def loaded_pairs(entries):
    """``(backbone class, part)`` for each ``(module, class name, part)`` entry whose
    module is already imported: a full-tier backbone (mmdet's PVT, our PVT v1
    classifier on it, our timm CaiT) cannot exist otherwise, and mmdet or timm is
    then never imported for a ViT or Swin."""
    pairs = []
    for module_name, class_name, part in entries:
        module = sys.modules.get(module_name)
        if module is not None:
            pairs.append((getattr(module, class_name), part))
    return pairs


def _attention_guides():
    """``(backbone class, guide class)`` pairs, the first match wins (our PVT v1
    classifier before mmdet's PVT, its parent class)."""
    from mmpretrain.models.backbones import SwinTransformer, VisionTransformer
    return [(VisionTransformer, ViTAttentionGuide),
            (SwinTransformer, SwinAttentionGuide)] + loaded_pairs([
                ('mmrecmix.models.backbones.pvt_v1', 'PyramidVisionTransformerCls',
                 PVTClsAttentionGuide),
                ('mmdet.models.backbones.pvt', 'PyramidVisionTransformer',
                 PVTAttentionGuide),
                ('mmrecmix.models.backbones.cait', 'CaiT', CaiTAttentionGuide),
            ])


@MODELS.register_module()
class AttentionGuide(BaseGuide):
    """SMMix's guide: the image attention score of the model's last attention block,
    for mmpretrain ``VisionTransformer`` (ViT, DeiT) and ``SwinTransformer``, mmdet
    ``PyramidVisionTransformer(V2)``, mmrecmix ``PyramidVisionTransformerCls`` (PVT
    v1) and ``CaiT`` (its last self-attention block), picked by the backbone's
    class; the grid is the one the forward pass used. Its hooks record only in
    training-mode forwards and in its own clean pass (see :class:`ForwardHooks`)."""

    def add_hooks(self, backbone, hooks):
        for backbone_class, guide_class in _attention_guides():
            if isinstance(backbone, backbone_class):
                self.guide = guide_class()
                self.guide.add_hooks(backbone, hooks)
                return
        raise ValueError(
            f'AttentionGuide: {type(backbone).__name__} has no attention block '
            'to read; supported are mmpretrain VisionTransformer (ViT/DeiT) and '
            'SwinTransformer, mmdet PyramidVisionTransformer(V2), mmrecmix '
            'PyramidVisionTransformerCls (PVT v1) and mmrecmix CaiT. For a CNN, '
            "opt in to the CNN variant: guide=dict(type='mmrecmix.FeatureEnergyGuide').")

    def score_map(self, features):
        return self.guide.score_map(features)

    def token_map(self, features):
        return self.guide.token_map(features)
