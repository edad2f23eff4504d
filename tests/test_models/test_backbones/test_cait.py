"""CaiT built by timm (mmrecmix.CaiT): the paper's sizes, its fixed token grid, and the
class attention the guides recompute."""
import pytest
import torch
from conftest import FULL_TIER

from mmrecmix.registry import MODELS

pytestmark = FULL_TIER

TINY = dict(embed_dim=32, depth=2, num_heads=2)


# Touvron et al., ICCV 2021 (CaiT), Table of models: 12.0M and 17.3M parameters.
@pytest.mark.parametrize('arch,millions', [('xxs24', 12.0), ('xxs36', 17.3)])
def test_parameter_counts_match_the_cait_paper(arch, millions):
    from mmrecmix.models.backbones.cait import CaiT
    backbone = CaiT(arch=arch, device='meta')  # shapes only, no memory
    count = sum(p.numel() for p in backbone.parameters()) + 192 * 1000 + 1000
    assert count / 1e6 == pytest.approx(millions, rel=0.01)


def test_non_square_input_at_the_built_size_and_a_clear_error_otherwise():
    backbone = MODELS.build(dict(type='mmrecmix.CaiT', img_size=(64, 96), **TINY))
    with torch.no_grad():
        (cls_token, ) = backbone(torch.randn(2, 3, 64, 96))
    assert cls_token.shape == (2, 32)
    with pytest.raises(AssertionError, match=r"width \(64\) doesn't match model \(96\)"):
        backbone(torch.randn(2, 3, 64, 64))


def test_class_attention_reproduces_the_class_attention_block():
    from mmrecmix.models.guides.attention_guides import cait_class_attention
    backbone = MODELS.build(dict(type='mmrecmix.CaiT', img_size=32, **TINY))
    backbone.eval()
    attn = backbone.timm_model.blocks_token_only[-1].attn
    x = torch.randn(2, 5, 32)
    with torch.no_grad():
        weights = cait_class_attention(attn, x)  # (B, heads, N)
        values = attn.v(x).reshape(2, 5, 2, 16)
        by_hand = attn.proj(torch.einsum('bhl,blhd->bhd', weights, values).reshape(2, 1, 32))
        torch.testing.assert_close(by_hand, attn(x))
    torch.testing.assert_close(weights.sum(-1), torch.ones(2, 2))
