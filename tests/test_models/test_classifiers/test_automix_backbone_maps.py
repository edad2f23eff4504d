"""AutoMix's Mix Block on DeiT, Swin and ConvNeXt (``mix_feature``): the map it reads
is the momentum backbone's patch tokens / stage output laid out by hand, the
momentum copy carries it, the backbones it cannot read name the fix, and
``mix_block_prob`` scores the Mix Block branch on the reference's share of steps."""
from unittest import mock

import numpy as np
import pytest
import torch
from mmpretrain.structures import DataSample

from mmrecmix.models.utils import tokens_to_map
from mmrecmix.registry import MODELS

CLASSES = 5
TINY_VIT = dict(type='VisionTransformer', img_size=32, patch_size=8, drop_path_rate=0.1,
                arch=dict(embed_dims=32, num_layers=3, num_heads=2,
                          feedforward_channels=64))
TINY_SWIN = dict(type='SwinTransformer', img_size=64, window_size=2, drop_path_rate=0.1,
                 arch=dict(embed_dims=16, depths=[1, 1, 1, 1], num_heads=[1, 1, 2, 2]),
                 out_indices=(2, 3), out_after_downsample=True)
TINY_CONVNEXT = dict(type='ConvNeXt', drop_path_rate=0.1, out_indices=(3, ),
                     arch=dict(depths=[1, 1, 1, 1], channels=[8, 16, 32, 64]))

# (backbone, neck, head, last width, Mix Block channels, mix_stage, mix_feature,
#  input side, Mix Block grid side)
CASES = {
    'deit': (TINY_VIT, None, 'VisionTransformerClsHead', 32, 32, 1, 'vit_tokens', 32, 4),
    'swin': (TINY_SWIN, dict(type='GlobalAveragePooling'), 'LinearClsHead', 128, 128, 2,
             'stage', 64, 2),
    'convnext': (TINY_CONVNEXT, None, 'LinearClsHead', 64, 32, 2, 'stage_blocks', 64, 4),
}


def automix_cfg(name, **overrides):
    backbone, neck, head, width, channels, stage, feature, _, _ = CASES[name]
    # (mmpretrain's ViT head starts at zero unless told otherwise, as the DeiT config)
    head = dict(type=head, num_classes=CLASSES, in_channels=width,
                init_cfg=dict(type='TruncNormal', layer='Linear', std=0.02))
    cfg = dict(type='mmrecmix.AutoMixClassifier', backbone=dict(backbone), neck=neck,
               head=head, mix_head=dict(head),
               mix_block=dict(type='mmrecmix.AutoMixBlock', in_channels=channels,
                              lam_concat=True),
               mix_stage=stage, mix_feature=feature,
               mask_loss=dict(weight=0.1, margin=0.1, anneal='compounding_cosine'))
    cfg.update(overrides)
    return cfg


def build(name, **overrides):
    torch.manual_seed(0)
    model = MODELS.build(automix_cfg(name, **overrides))
    model.init_weights()
    return model.train()


def inputs_of(name, count=3):
    side = CASES[name][7]
    return torch.randn(count, 3, side, side, generator=torch.Generator().manual_seed(1))


def test_tokens_to_map_by_hand():
    # One class token (-1), then a 2 x 3 grid of 2-channel patches p = 10 * k + c.
    patches = torch.tensor([[10. * k + c for c in range(2)] for k in range(6)])
    tokens = torch.cat([torch.full((1, 2), -1.0), patches])[None]
    grid = tokens_to_map(tokens, (2, 3), extra_tokens=1)
    assert grid.shape == (1, 2, 2, 3)
    assert grid[0, 0].tolist() == [[0, 10, 20], [30, 40, 50]]
    assert grid[0, 1].tolist() == [[1, 11, 21], [31, 41, 51]]
    with pytest.raises(ValueError, match='are not 1 extra tokens and a 3 x 3 patch grid'):
        tokens_to_map(tokens, (3, 3), extra_tokens=1)


def expected_map(name, backbone, inputs):
    """The map laid out by hand from the backbone's own parts (eval mode)."""
    if name == 'deit':
        tokens, grid = backbone.patch_embed(inputs)
        tokens = torch.cat([backbone.cls_token.expand(len(inputs), -1, -1), tokens], 1)
        tokens = tokens + backbone.pos_embed
        for layer in backbone.layers[:2]:  # blocks 0 and 1: mix_stage=1
            tokens = layer(tokens)
        patches = tokens[:, 1:]  # (N, 16, 32), row by row
        return patches.reshape(len(inputs), *grid, -1).permute(0, 3, 1, 2)
    if name == 'swin':
        tokens, grid = backbone.patch_embed(inputs)
        for stage in backbone.stages[:3]:  # each stage merges its patches at the end
            tokens, grid = stage(tokens, grid, do_downsample=True)
        tokens = backbone.norm2(tokens)  # (N, 2 * 2, 16 * 8)
        return tokens.reshape(len(inputs), *grid, -1).permute(0, 3, 1, 2)
    x = inputs
    for downsample, stage in zip(backbone.downsample_layers[:3], backbone.stages[:3]):
        x = stage(downsample(x))
    return x  # stage 2's blocks, before any norm or pooling


@pytest.mark.parametrize('name', sorted(CASES))
def test_the_mix_block_reads_the_momentum_backbone_s_map(name):
    model = build(name).eval()  # no drop path: the hand computation is exact
    channels, side = CASES[name][4], CASES[name][8]
    inputs = inputs_of(name)
    with torch.no_grad():
        online = list(model.backbone.parameters())
        for p in online:
            p.add_(0.01 * torch.randn_like(p))  # the online encoder moves away
        stage_map = model.momentum_stage_map(inputs)
        expected = expected_map(name, model.momentum_encoder['backbone'], inputs)
        assert stage_map.shape == (3, channels, side, side)
        torch.testing.assert_close(stage_map, expected)
        assert not torch.allclose(stage_map, expected_map(name, model.backbone, inputs))
        # The momentum copy follows the online encoder (Eq. 12; 0: a copy of it).
        model.momentum_update(0.0)
        torch.testing.assert_close(model.momentum_stage_map(inputs),
                                   expected_map(name, model.backbone, inputs))
    if name == 'swin':  # the stage's own output is the same map
        with torch.no_grad():
            assert torch.equal(model.momentum_stage_map(inputs),
                               model.momentum_encoder['backbone'](inputs)[0])


@pytest.mark.parametrize('name', sorted(CASES))
def test_a_step_trains_each_part_and_the_copy_stays_frozen(name):
    model = build(name)
    np.random.seed(1)  # both ratios away from the Mixup margins
    inputs = inputs_of(name, count=4)
    samples = [DataSample().set_gt_label(k % CLASSES) for k in range(4)]
    losses = model.loss(inputs, samples)
    assert set(losses) == {'loss_mix_block', 'loss_mask', 'loss_mix', 'loss_clean'}
    sum(losses.values()).backward()
    assert all(torch.isfinite(v) for v in losses.values())
    assert any(p.grad is not None and p.grad.abs().sum() > 0
               for p in model.mix_block.parameters())
    assert any(p.grad is not None and p.grad.abs().sum() > 0
               for p in model.backbone.parameters())
    assert all(p.grad is None and not p.requires_grad
               for p in model.momentum_encoder.parameters())
    # The copy holds no hook after the step (the map is read by hooks for one pass).
    backbone = model.momentum_encoder['backbone']
    assert not any(m._forward_hooks for m in backbone.modules())


@pytest.mark.parametrize('name, feature, fix', [
    ('deit', 'stage', r"'cls_token', not maps; set mix_feature='vit_tokens'"),
    ('convnext', 'stage', r"\(gap_before_final_norm\); set mix_feature='stage_blocks'"),
    ('swin', 'vit_tokens', r"the SwinTransformer has no such parts: use mix_feature='stage'"),
    ('deit', 'stage_blocks', r"reads backbone.stages\[1\]; the VisionTransformer has no"),
    ('deit', 'tokens', r"mix_feature must be one of \('stage', 'vit_tokens', 'stage_blo"),
])
def test_a_backbone_it_cannot_read_names_the_fix(name, feature, fix):
    cfg = automix_cfg(name, mix_feature=feature)
    if feature == 'stage' and name == 'deit':
        cfg['backbone'] = dict(cfg['backbone'], out_indices=(1, 2))
    if feature == 'stage' and name == 'convnext':
        cfg['backbone'] = dict(cfg['backbone'], out_indices=(2, 3))
    with pytest.raises(ValueError, match=fix):
        MODELS.build(cfg)


def test_a_block_the_vit_lacks_is_named():
    with pytest.raises(ValueError, match='is no block of the VisionTransformer, which has 3'):
        MODELS.build(automix_cfg('deit', mix_stage=3))


def test_a_map_that_is_no_map_names_the_fix():
    """A backbone whose out_indices output is not (N, C, h, w) and that the
    construction checks do not know (here a ViT made to output its raw tokens)."""
    model = build('deit', mix_feature='stage',
                  backbone=dict(TINY_VIT, out_indices=(1, 2), out_type='featmap'))
    model.momentum_encoder['backbone'].out_type = 'raw'
    with pytest.raises(ValueError, match=r"gives \(3, 17, 32\); a ViT takes "
                                         r"mix_feature='vit_tokens'"):
        model.momentum_stage_map(inputs_of('deit'))


@pytest.mark.parametrize('draw, scored', [(0.85, False), (0.8, True), (0.75, True)])
def test_mix_block_prob_scores_the_branch_as_the_reference_s_switch_off(draw, scored):
    """OpenMixup's forward_k skips the branch when ``rand() > switch_off``: with 0.8
    a draw of 0.85 leaves it out (its loss 0, the momentum encoder not run on the
    mix), 0.8 and 0.75 keep it; the mask loss is there either way."""
    model = build('convnext', mix_block_prob=0.8)
    calls = []
    model.momentum_encoder['mix_head'].register_forward_hook(
        lambda *args: calls.append(1))
    inputs = inputs_of('convnext', count=4)
    samples = [DataSample().set_gt_label(k % CLASSES) for k in range(4)]
    with mock.patch.object(np.random, 'rand', return_value=draw):
        losses = model.loss(inputs, samples)
    assert (losses['loss_mix_block'].item() != 0) is scored
    assert len(calls) == int(scored)
    assert losses['loss_mask'].requires_grad
    with pytest.raises(ValueError, match=r'mix_block_prob must be a number in \(0, 1\]'):
        build('convnext', mix_block_prob=0.0)
