"""Guides read real mmpretrain / mmdet backbones: scores against hand computations."""
import pytest
import torch
from conftest import FULL_TIER

from mmrecmix.models.guides import AttentionGuide, FeatureEnergyGuide
from mmrecmix.registry import MODELS


def build_backbone(cfg, device='cpu'):
    torch.manual_seed(0)
    model = MODELS.build(cfg)
    model.init_weights()
    model.eval()
    return model.to(device)


def remember_input(module):
    """Keep the first positional input of ``module``'s latest call."""
    seen = {}

    def hook(_, args):
        seen['x'] = args[0]

    module.register_forward_pre_hook(hook)
    return seen


def deit_tiny(device='cpu'):
    return build_backbone(dict(type='VisionTransformer', arch='deit-tiny', img_size=64,
                               patch_size=16, drop_path_rate=0.0), device)


def test_vit_score_equals_hand_computation_from_q_and_k_non_square(device):
    backbone = deit_tiny(device)
    guide = AttentionGuide()
    guide.attach(backbone)
    last = backbone.layers[-1]
    seen = remember_input(last)
    x = torch.randn(2, 3, 64, 48, device=device)  # a 4x3 patch grid
    with guide.hooks.armed():  # as in the guide's own clean pass, in eval mode
        features = backbone(x)
    score = guide.score_map(features)
    assert score.shape == (2, 4, 3)
    # By hand: per head, softmax(q k^T / sqrt(d)), class token row and column dropped,
    # then the mean over queries and heads.
    tokens = last.ln1(seen['x'])
    attn = last.attn
    q, k, v = attn.qkv(tokens).chunk(3, dim=-1)
    heads, d = attn.num_heads, attn.head_dims
    expected, outputs = torch.zeros(2, 12, device=device), []
    for h in range(heads):
        qh, kh, vh = (t[..., h * d:(h + 1) * d] for t in (q, k, v))
        a = torch.softmax(qh @ kh.transpose(1, 2) / d ** 0.5, dim=-1)
        expected += a[:, 1:, 1:].mean(1) / heads
        outputs.append(a @ vh)
    torch.testing.assert_close(score.flatten(1), expected)
    # The same q, k (and v) reproduce what the fused block computed.
    torch.testing.assert_close(attn.proj(torch.cat(outputs, -1)), attn(tokens),
                               atol=1e-5, rtol=1e-4)
    # Token map: patch tokens after the final norm, on the 4x3 grid.
    tokens_map = guide.token_map(features)
    assert tokens_map.shape == (2, 192, 4, 3)


def test_swin_score_equals_hand_computation(device):
    backbone = build_backbone(dict(
        type='SwinTransformer', arch=dict(embed_dims=32, depths=[1, 1, 1, 2],
                                          num_heads=[1, 2, 2, 4]),
        img_size=128, window_size=4, drop_path_rate=0.0), device)
    guide = AttentionGuide()
    guide.attach(backbone)
    shift_msa = backbone.stages[-1].blocks[-1].attn
    seen = remember_input(shift_msa)
    with guide.hooks.armed():
        score = guide.score_map(backbone(torch.randn(2, 3, 128, 128, device=device)))
    assert score.shape == (2, 4, 4)
    msa = shift_msa.w_msa  # one 4x4 window covers the whole last grid, no shift
    qkv = msa.qkv(seen['x']).reshape(2, 16, 3, 4, 64).permute(2, 0, 3, 1, 4)  # 256 = 4 x 64
    bias = msa.relative_position_bias_table[msa.relative_position_index.view(-1)]
    attn = (qkv[0] @ qkv[1].transpose(-2, -1)) * 64 ** -0.5 + bias.view(16, 16, 4).permute(2, 0, 1)
    expected = attn.softmax(-1).mean((1, 2)).view(2, 4, 4)
    torch.testing.assert_close(score, expected)


@FULL_TIER
def test_pvtv2_score_uses_last_stage_grid():
    backbone = build_backbone(dict(type='mmdet.PyramidVisionTransformerV2',
                                   embed_dims=32, num_layers=[2, 2, 2, 2]))
    guide = AttentionGuide()
    guide.attach(backbone)
    attn = backbone.layers[-1][1][-1].attn
    seen = remember_input(attn)
    with guide.hooks.armed():
        features = backbone(torch.randn(2, 3, 128, 96))
    score = guide.score_map(features)
    assert score.shape == (2, 4, 3) and guide.token_map(features).shape[-2:] == (4, 3)
    mha = attn.attn
    x = seen['x']
    w_q, w_k, _ = mha.in_proj_weight.chunk(3)
    b_q, b_k, _ = mha.in_proj_bias.chunk(3)
    heads, d = mha.num_heads, mha.head_dim
    q = (x @ w_q.T + b_q).view(2, 12, heads, d).transpose(1, 2)
    k = (x @ w_k.T + b_k).view(2, 12, heads, d).transpose(1, 2)
    expected = torch.softmax(q @ k.transpose(-2, -1) / d ** 0.5, -1).mean((1, 2))
    torch.testing.assert_close(score.flatten(1), expected, atol=1e-6, rtol=1e-5)


def test_feature_energy_guide_for_cnns():
    features = (torch.randn(2, 8, 4, 5), )
    torch.testing.assert_close(FeatureEnergyGuide().score_map(features),
                               features[0].pow(2).mean(1))


def test_attention_guide_on_a_cnn_names_the_cnn_variant():
    with pytest.raises(ValueError, match="has no attention.*FeatureEnergyGuide"):
        AttentionGuide().attach(build_backbone(dict(type='ResNet', depth=18)))


def test_swin_shifted_windows_map_back_onto_the_grid():
    # Last grid 8x8 with 4x4 windows: the last block is shifted and masked. Each
    # window's scores sum to 1 (mean over queries of softmax rows), so the grid sums
    # to the number of windows, whichever way the windows were shifted.
    backbone = build_backbone(dict(
        type='SwinTransformer', arch=dict(embed_dims=16, depths=[1, 1, 1, 2],
                                          num_heads=[1, 1, 1, 2]),
        img_size=256, window_size=4, drop_path_rate=0.0))
    assert backbone.stages[-1].blocks[-1].attn.shift_size == 2
    guide = AttentionGuide()
    guide.attach(backbone)
    with guide.hooks.armed():
        score = guide.score_map(backbone(torch.randn(2, 3, 256, 256)))
    assert score.shape == (2, 8, 8)
    torch.testing.assert_close(score.sum((1, 2)), torch.full((2, ), 4.0))
    assert (score > 0).all()
