"""SMMix's attention guide and TransMix's relabel on the SMMix Table 1 backbones PVT v1
(mmrecmix.PyramidVisionTransformerCls) and CaiT (mmrecmix.CaiT): maps against hand
computations, one training step each, and the refusal without a class token."""
import pytest
import torch
from conftest import FULL_TIER

from mmrecmix.models.guides import AttentionGuide, ClassAttentionRelabel
from mmrecmix.registry import MODELS

pytestmark = FULL_TIER

NUM_CLASSES = 4
# 128 x 160 px: a 4x5 last grid on PVT (stride 32), the smallest SMMix's windows take.
PVT = dict(type='mmrecmix.PyramidVisionTransformerCls', pretrain_img_size=128,
           arch=dict(embed_dims=8, num_layers=[1, 1, 1, 2], num_heads=[1, 2, 2, 4]))
# 64 x 80 px: a 4x5 grid of 16-px patches.
CAIT = dict(type='mmrecmix.CaiT', img_size=(64, 80), embed_dim=32, depth=2, num_heads=2)


def build(cfg):
    torch.manual_seed(0)
    backbone = MODELS.build(cfg)
    backbone.eval()
    return backbone


def test_pvt_score_is_smmix_codes_last_block_attention_without_the_class_token():
    backbone = build(PVT)
    guide = AttentionGuide()
    guide.attach(backbone)
    with guide.hooks.armed():
        features = backbone(torch.randn(2, 3, 128, 160))
    score = guide.score_map(features)
    assert score.shape == (2, 4, 5) and guide.token_map(features).shape == (2, 32, 4, 5)
    # By hand from the last attention's input (class token + 20 patches, 4 heads).
    mha = backbone.layers[-1][1][-1].attn.attn
    x = guide.guide.attn_input.get(0, 'x')
    w_q, w_k, _ = mha.in_proj_weight.chunk(3)
    b_q, b_k, _ = mha.in_proj_bias.chunk(3)
    q = (x @ w_q.T + b_q).view(2, 21, 4, 8).transpose(1, 2)
    k = (x @ w_k.T + b_k).view(2, 21, 4, 8).transpose(1, 2)
    attn = torch.softmax(q @ k.transpose(-2, -1) / 8 ** 0.5, -1)
    torch.testing.assert_close(score.flatten(1), attn[:, :, 1:, 1:].mean((1, 2)))
    # TransMix's map: the class token's row, mean over heads.
    relabel = ClassAttentionRelabel()
    relabel.attach(backbone)
    backbone.train()
    backbone(torch.randn(2, 3, 128, 160))
    x = relabel.reader.guide.attn_input.get(0, 'x')
    q = (x @ w_q.T + b_q).view(2, 21, 4, 8).transpose(1, 2)
    k = (x @ w_k.T + b_k).view(2, 21, 4, 8).transpose(1, 2)
    row = torch.softmax(q @ k.transpose(-2, -1) / 8 ** 0.5, -1)[:, :, 0, 1:].mean(1)
    torch.testing.assert_close(relabel.reader.attention_map().flatten(1), row)


def test_cait_score_is_the_last_self_attention_and_relabel_the_class_attention():
    backbone = build(CAIT)
    guide, relabel = AttentionGuide(), ClassAttentionRelabel()
    guide.attach(backbone)
    relabel.attach(backbone)
    model = backbone.timm_model
    seen = {}
    model.blocks[-1].attn.register_forward_pre_hook(lambda m, a: seen.update(x=a[0]))
    backbone.train()  # the relabel reads training forwards, the guide both
    features = backbone(torch.randn(2, 3, 64, 80))
    score = guide.score_map(features)
    assert score.shape == (2, 4, 5) and guide.token_map(features).shape == (2, 32, 4, 5)
    # Talking heads by hand: mix the heads' logits, softmax, mix the heads again.
    attn = model.blocks[-1].attn
    qkv = attn.qkv(seen['x']).reshape(2, 20, 3, 2, 16).permute(2, 0, 3, 1, 4)
    logits = (qkv[0] * attn.scale) @ qkv[1].transpose(-2, -1)
    mixed = attn.proj_l(logits.permute(0, 2, 3, 1)).softmax(dim=2)
    weights = attn.proj_w(mixed).permute(0, 3, 1, 2)
    torch.testing.assert_close(score.flatten(1), weights.mean((1, 2)))
    row = relabel.reader.attention_map()
    assert row.shape == (2, 4, 5) and (row > 0).all() and (row.sum((1, 2)) < 1).all()


@pytest.mark.parametrize('backbone,size,width', [(PVT, (128, 160), 32),
                                                 (CAIT, (64, 80), 32)])
def test_smmix_with_transmix_labels_trains_one_step(backbone, size, width):
    from mmengine.optim import OptimWrapper
    torch.manual_seed(0)
    model = MODELS.build(dict(
        type='mmrecmix.GuidedMixClassifier', backbone=backbone, neck=None,
        head=dict(type='LinearClsHead', num_classes=NUM_CLASSES, in_channels=width),
        data_preprocessor=dict(type='ClsDataPreprocessor', num_classes=NUM_CLASSES),
        mix=dict(type='mmrecmix.SMMix', smmix_prob=1.0),
        guide=dict(type='mmrecmix.AttentionGuide'),
        relabel=dict(type='mmrecmix.ClassAttentionRelabel'),
        token_head=dict(in_channels=width, num_classes=NUM_CLASSES)))
    model.record_mix = True
    from mmpretrain.structures import DataSample
    data = dict(inputs=torch.randn(4, 3, *size),
                data_samples=[DataSample().set_gt_label(i) for i in range(4)])
    before = [p.detach().clone() for p in model.backbone.parameters()]
    log = model.train_step(data, OptimWrapper(torch.optim.SGD(model.parameters(), lr=0.1)))
    assert {'loss', 'loss_fine', 'loss_consistency'} <= set(log)
    assert all(torch.isfinite(v) for v in log.values())
    step = model.last_mix[2]
    assert torch.is_tensor(step.lam) and step.lam.shape == (4, )  # relabelled
    assert any(not torch.equal(b, p) for b, p in zip(before, model.backbone.parameters()))


def test_transmix_refuses_pvt_without_a_class_token():
    with pytest.raises(ValueError, match='no class token.*with_cls_token=False'):
        ClassAttentionRelabel().attach(build(dict(PVT, with_cls_token=False)))
