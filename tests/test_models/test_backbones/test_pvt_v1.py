"""PVT v1 as a classifier (mmrecmix.PyramidVisionTransformerCls): the paper's sizes,
non-square inputs, and weights that mmdet's detection backbone loads as they are."""
import pytest
import torch
from conftest import FULL_TIER

from mmrecmix.registry import MODELS

pytestmark = FULL_TIER

# A small PVT: stage widths 8 x heads = 8 / 16 / 16 / 32.
TINY_ARCH = dict(embed_dims=8, num_layers=[1, 1, 1, 1], num_heads=[1, 2, 2, 4])


def build(**kwargs):
    torch.manual_seed(0)
    model = MODELS.build(dict(type='mmrecmix.PyramidVisionTransformerCls', **kwargs))
    model.init_weights()
    return model.eval()


# Wang et al., ICCV 2021, Table 2 (1000-class head included).
@pytest.mark.parametrize('arch,millions', [('tiny', 13.2), ('small', 24.5),
                                           ('medium', 44.2), ('large', 61.4)])
def test_parameter_counts_match_the_pvt_paper(arch, millions):
    from mmrecmix.models.backbones.pvt_v1 import PyramidVisionTransformerCls
    backbone = PyramidVisionTransformerCls(arch=arch)
    head = 512 * 1000 + 1000
    count = sum(p.numel() for p in backbone.parameters()) + head
    assert count / 1e6 == pytest.approx(millions, rel=0.01)


def test_non_square_input_gives_every_stage_and_the_class_token():
    backbone = build(arch=TINY_ARCH, pretrain_img_size=64, out_indices=(0, 1, 2, 3))
    with torch.no_grad():
        outs = backbone(torch.randn(2, 3, 64, 96))
    assert [tuple(o.shape) for o in outs] == [(2, 8, 16, 24), (2, 16, 8, 12),
                                              (2, 16, 4, 6), (2, 32)]
    # Without the class token the last output is the normed map, for average pooling.
    pooled = build(arch=TINY_ARCH, pretrain_img_size=64, with_cls_token=False)
    with torch.no_grad():
        assert pooled(torch.randn(2, 3, 64, 96))[-1].shape == (2, 32, 2, 3)


def test_class_token_needs_no_reduction_in_the_last_stage():
    with pytest.raises(ValueError, match=r'sr_ratios\[-1\] == 1'):
        build(arch=dict(TINY_ARCH, sr_ratios=[8, 4, 2, 2]))
    with pytest.raises(ValueError, match="arch 'huge'"):
        build(arch='huge')


def test_weights_load_into_mmdets_pvt_strictly_and_give_its_stage_maps():
    from mmdet.models.backbones import PyramidVisionTransformer

    from mmrecmix.models.backbones.pvt_v1 import detection_state_dict
    ours = build(arch=TINY_ARCH, pretrain_img_size=64, out_indices=(0, 1, 2, 3))
    detector = PyramidVisionTransformer(pretrain_img_size=64, **TINY_ARCH).eval()
    detector.load_state_dict(detection_state_dict(ours.state_dict()), strict=True)
    x = torch.randn(1, 3, 64, 64)
    with torch.no_grad():
        for mine, theirs in zip(ours(x)[:3], detector(x)[:3]):
            torch.testing.assert_close(mine, theirs)
    assert set(ours.state_dict()) - set(detector.state_dict()) == {
        'cls_token', 'cls_pos_embed', 'norm.weight', 'norm.bias'}
