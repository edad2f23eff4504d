"""TransMix: the CutMix / Mixup input mix and the class-attention label weight read
from the mixed forward (DeiT, Swin, SMMix + TransMix labels), checked against the
attention recomputed by hand from the last block's q / k; real Runner train steps."""
import math
import os.path as osp

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from conftest import REPO_ROOT, digits_cfg
from mmengine.config import Config
from mmengine.runner import Runner
from mmpretrain.models.backbones import ResNet, SwinTransformer, VisionTransformer
from mmpretrain.structures import DataSample

from mmrecmix.models.batch_augments.guided_step import GuidedMixStep
from mmrecmix.models.batch_augments.transmix import TransMix
from mmrecmix.models.guides.class_attention_relabel import (ClassAttentionRelabel,
                                                            pasted_attention_share,
                                                            pasted_token_mask)
from mmrecmix.registry import MODELS

NUM_CLASSES = 5


def tiny_vit(**kwargs):
    """2 layers, 2 heads, 32-d, 8-px patches on 32x48 images: a 4x6 token grid."""
    torch.manual_seed(0)
    return VisionTransformer(
        arch=dict(embed_dims=32, num_layers=2, num_heads=2, feedforward_channels=64),
        img_size=(32, 48), patch_size=8, **kwargs)


def tiny_swin(**kwargs):
    """Last stage: a 4x8 grid on 32x64 images, two 4x4 windows (no shift: the grid
    is one window high)."""
    torch.manual_seed(0)
    return SwinTransformer(arch=dict(embed_dims=16, depths=[1, 2], num_heads=[1, 2]),
                           img_size=(32, 64), window_size=4, patch_size=4,
                           out_indices=(1, ), **kwargs)


def one_hot(count, num_classes=NUM_CLASSES):
    return F.one_hot(torch.arange(count) % num_classes, num_classes).float()


class LastInput:
    """The test's own capture of a module's latest first argument."""

    def __init__(self, module):
        self.seen = []
        module.register_forward_pre_hook(lambda m, args: self.seen.append(args[0]))


def class_attention_by_hand(attn, x, grid):
    """Class token's attention on the patches, from the full q k^T matrix."""
    batch, length, channels = x.shape
    qkv = attn.qkv(x).reshape(batch, length, 3, attn.num_heads,
                              channels // attn.num_heads).permute(2, 0, 3, 1, 4)
    matrix = (qkv[0] @ qkv[1].transpose(-2, -1) * attn.head_dims**-0.5).softmax(-1)
    return matrix.mean(1)[:, 0, 1:].reshape(batch, *grid)


def pasted_by_loop(box, grid, patch):
    """Tokens whose top-left pixel lies in ``box``, one token at a time."""
    x1, y1, x2, y2 = box
    mask = torch.zeros(grid, dtype=torch.bool)
    for r in range(grid[0]):
        for c in range(grid[1]):
            mask[r, c] = y1 <= r * patch < y2 and x1 <= c * patch < x2
    return mask


# --- the input mix ---------------------------------------------------------------

def test_cutmix_step_pastes_the_reversed_batch_and_reports_the_box():
    np.random.seed(3)
    inputs = torch.randn(3, 3, 32, 48)
    mixed, targets, step = TransMix(switch_prob=1.0)(inputs.clone(), one_hot(3))
    x1, y1, x2, y2 = step.boxes[0].tolist()
    assert (step.boxes == step.boxes[0]).all() and step.boxes.shape == (3, 4)
    assert 0 < (x2 - x1) * (y2 - y1) < 32 * 48
    assert step.source_index.tolist() == [2, 1, 0]
    torch.testing.assert_close(mixed[..., y1:y2, x1:x2],
                               inputs.flip(0)[..., y1:y2, x1:x2])
    outside = torch.ones(32, 48, dtype=torch.bool)
    outside[y1:y2, x1:x2] = False
    torch.testing.assert_close(mixed[..., outside], inputs[..., outside])
    assert step.lam == pytest.approx(1 - (x2 - x1) * (y2 - y1) / (32 * 48))
    torch.testing.assert_close(
        targets, step.lam * one_hot(3) + (1 - step.lam) * one_hot(3).flip(0))
    torch.testing.assert_close(targets.sum(1), torch.ones(3))


def test_mixup_step_blends_and_keeps_its_lam_through_the_relabel():
    np.random.seed(0)
    inputs = torch.randn(4, 3, 32, 48)
    mixed, targets, step = TransMix(switch_prob=0.0)(inputs.clone(), one_hot(4))
    assert step.boxes is None and step.token_mask is None and 0 < step.lam < 1
    torch.testing.assert_close(mixed, step.lam * inputs + (1 - step.lam) * inputs.flip(0))
    relabel = ClassAttentionRelabel()
    backbone = tiny_vit()
    relabel.attach(backbone)
    backbone(mixed)
    assert relabel(step, (32, 48)) is None
    torch.testing.assert_close(targets.sum(1), torch.ones(4))


def test_switch_and_mix_probabilities_over_many_batches():
    np.random.seed(0)
    inputs, targets = torch.zeros(2, 1, 8, 8), one_hot(2)
    kinds = []
    mix = TransMix(prob=0.5)  # switch_prob 0.8: the authors'
    for _ in range(4000):
        step = mix(inputs, targets)[2]
        kinds.append('none' if step.lam == 1 and step.boxes is None else
                     'cutmix' if step.boxes is not None else 'mixup')
    share = {kind: kinds.count(kind) / len(kinds) for kind in ('none', 'cutmix', 'mixup')}
    # binomial standard deviations <= 0.008: 4 sigma
    assert share['none'] == pytest.approx(0.5, abs=0.032)
    assert share['cutmix'] == pytest.approx(0.5 * 0.8, abs=0.032)
    assert share['mixup'] == pytest.approx(0.5 * 0.2, abs=0.02)


def test_elem_mode_mixes_each_sample_by_its_own_choice_by_hand():
    """Per sample: the reversed partner, a CutMix box or a Mixup ratio or nothing,
    each sample checked against its own arithmetic; labels exact per sample."""
    np.random.seed(3)
    inputs = torch.randn(8, 3, 30, 44)  # non-square
    mix = TransMix(prob=0.75, switch_prob=0.5, mode='elem')
    mixed, targets, step = mix(inputs.clone(), one_hot(8))
    assert step.source_index.tolist() == list(range(7, -1, -1))
    assert step.lam.shape == (8, ) and step.boxes.shape == (8, 4)
    kinds = []
    for b in range(8):
        x1, y1, x2, y2 = step.boxes[b].tolist()
        lam, partner = step.lam[b].item(), inputs[7 - b]
        if step.pasted_a_box()[b]:
            kinds.append('cutmix')
            expected = inputs[b].clone()
            expected[:, y1:y2, x1:x2] = partner[:, y1:y2, x1:x2]
            assert lam == pytest.approx(1 - (x2 - x1) * (y2 - y1) / (30 * 44))
        else:
            kinds.append('none' if lam == 1 else 'mixup')
            expected = lam * inputs[b] + (1 - lam) * partner
        torch.testing.assert_close(mixed[b], expected)
        torch.testing.assert_close(
            targets[b], lam * one_hot(8)[b] + (1 - lam) * one_hot(8)[7 - b])
    assert {'cutmix', 'mixup', 'none'} <= set(kinds)  # seed 3: all three kinds
    torch.testing.assert_close(targets.sum(1), torch.ones(8))


def test_elem_mode_choices_are_per_sample_at_the_right_rates():
    np.random.seed(0)
    mix = TransMix(prob=0.5, switch_prob=0.8, mode='elem')
    counts = dict(none=0, cutmix=0, mixup=0)
    for _ in range(100):
        step = mix(torch.zeros(40, 1, 16, 16), one_hot(40))[2]
        has_box = step.pasted_a_box()
        counts['cutmix'] += int(has_box.sum())
        counts['none'] += int(((step.lam == 1) & ~has_box).sum())
        counts['mixup'] += int(((step.lam < 1) & ~has_box).sum())
    share = {kind: count / 4000 for kind, count in counts.items()}
    # binomial standard deviations <= 0.008: 4 sigma (a CutMix box may come out empty
    # only with probability ~0)
    assert share['none'] == pytest.approx(0.5, abs=0.032)
    assert share['cutmix'] == pytest.approx(0.4, abs=0.032)
    assert share['mixup'] == pytest.approx(0.1, abs=0.02)


def test_elem_mode_relabels_only_the_cutmix_samples():
    np.random.seed(3)
    backbone = tiny_vit()
    backbone.train()
    relabel = ClassAttentionRelabel(area_weight=0.0)
    relabel.attach(backbone)
    mixed, _, step = TransMix(prob=0.75, switch_prob=0.5, mode='elem')(
        torch.randn(8, 3, 32, 48), one_hot(8))
    backbone(mixed)
    lam = relabel(step, (32, 48))
    has_box = step.pasted_a_box()
    assert 0 < has_box.sum() < 8
    torch.testing.assert_close(lam[~has_box], step.lam[~has_box].to(lam.dtype))
    assert not torch.allclose(lam[has_box], step.lam[has_box].to(lam.dtype))


def test_pair_mode_is_refused_with_the_reason():
    with pytest.raises(ValueError, match="mode must be 'batch' or 'elem'"):
        TransMix(mode='pair')
    with pytest.raises(ValueError, match="mode must be 'batch'"):
        TransMix(mode='sample')


@pytest.mark.parametrize('kwargs, name', [
    (dict(mixup_alpha=0), 'mixup_alpha'), (dict(cutmix_alpha=-1.0), 'cutmix_alpha'),
    (dict(switch_prob=1.5), 'switch_prob'), (dict(prob=-0.1), 'prob')])
def test_bad_mix_arguments_name_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=rf'TransMix: {name} must be a number in'):
        TransMix(**kwargs)


def test_bad_inputs_say_what_is_expected():
    with pytest.raises(ValueError, match=r'TransMix takes \(N, num_classes\) label scores'):
        TransMix()(torch.zeros(2, 3, 8, 8), torch.tensor([0, 1]))
    with pytest.raises(ValueError, match=r'inputs must be \(N, C, H, W\)'):
        TransMix()(torch.zeros(3, 8, 8), one_hot(3))


# --- the label weight --------------------------------------------------------------

def test_pasted_tokens_and_share_by_hand():
    boxes = torch.tensor([[5, 8, 20, 24], [0, 0, 48, 32], [40, 30, 48, 32]])
    mask = pasted_token_mask(boxes, (32, 48), (4, 6))
    expected = torch.zeros(3, 4, 6, dtype=torch.bool)
    expected[0, 1:3, 1:3] = True  # rows sample y = 8, 16; columns x = 8, 16
    expected[1] = True
    # the third box (y 30-31, x 40-47) holds no sampled pixel (y 24, x 40)
    assert torch.equal(mask, expected)
    attention = torch.tensor([[[1., 2.], [3., 4.]]])
    corner = torch.tensor([[[False, True], [False, False]]])
    assert pasted_attention_share(attention, corner).item() == pytest.approx(0.2)


@pytest.mark.parametrize('image, grid', [((30, 45), (4, 6)), ((32, 48), (4, 6)),
                                         ((50, 20), (7, 3))])
def test_pasted_tokens_are_the_nearest_downsampled_pixel_mask(image, grid):
    """What nn.Upsample(size=grid) of the pixel mask gives (both references)."""
    np.random.seed(1)
    boxes = []
    for _ in range(20):
        x1, x2 = sorted(np.random.randint(0, image[1] + 1, 2))
        y1, y2 = sorted(np.random.randint(0, image[0] + 1, 2))
        boxes.append([x1, y1, x2, y2])
    pixels = torch.zeros(len(boxes), 1, *image)
    for pixel_mask, (x1, y1, x2, y2) in zip(pixels, boxes):
        pixel_mask[:, y1:y2, x1:x2] = 1
    upsampled = torch.nn.Upsample(size=grid)(pixels)[:, 0].bool()
    assert torch.equal(pasted_token_mask(torch.tensor(boxes), image, grid), upsampled)


@pytest.mark.parametrize('area_weight', [0.5, 0.0])
def test_deit_label_weight_is_the_class_attention_share_of_the_pasted_tokens(
        area_weight):
    np.random.seed(0)
    backbone = tiny_vit(drop_path_rate=0.1)
    backbone.train()
    relabel = ClassAttentionRelabel(area_weight=area_weight)
    relabel.attach(backbone)
    seen = LastInput(backbone.layers[-1].attn)
    mixed, _, step = TransMix(switch_prob=1.0)(torch.randn(4, 3, 32, 48), one_hot(4))
    backbone(mixed)
    lam = relabel(step, (32, 48))

    with torch.no_grad():
        attention = class_attention_by_hand(backbone.layers[-1].attn, seen.seen[-1],
                                            (4, 6))
    pasted = pasted_by_loop(step.boxes[0].tolist(), (4, 6), patch=8)
    assert 0 < pasted.sum() < 24
    share = (attention * pasted).sum((1, 2)) / attention.sum((1, 2))
    expected = area_weight * step.lam + (1 - area_weight) * (1 - share)
    torch.testing.assert_close(lam, expected, rtol=1e-5, atol=1e-6)
    assert lam.shape == (4, ) and not lam.requires_grad
    assert not torch.allclose(lam, torch.full_like(lam, step.lam))  # it re-weighted
    step.lam = lam
    torch.testing.assert_close(step.mix_targets(one_hot(4)).sum(1), torch.ones(4))


def test_distilled_deit_drops_the_distillation_token():
    from mmpretrain.models.backbones import DistilledVisionTransformer
    torch.manual_seed(0)
    backbone = DistilledVisionTransformer(
        arch=dict(embed_dims=32, num_layers=2, num_heads=2, feedforward_channels=64),
        img_size=32, patch_size=8)
    relabel = ClassAttentionRelabel(area_weight=0.0)
    relabel.attach(backbone)
    seen = LastInput(backbone.layers[-1].attn)
    step = GuidedMixStep(lam=0.75, source_index=torch.tensor([1, 0]),
                         boxes=torch.tensor([[0, 0, 16, 16]] * 2))
    backbone(torch.randn(2, 3, 32, 32))
    attn = backbone.layers[-1].attn
    x = seen.seen[-1]
    with torch.no_grad():
        qkv = attn.qkv(x).reshape(2, 18, 3, 2, 16).permute(2, 0, 3, 1, 4)
        row = (qkv[0] @ qkv[1].transpose(-2, -1) * 16**-0.5).softmax(-1).mean(1)[:, 0]
    patches = row[:, 2:].reshape(2, 4, 4)
    share = patches[:, :2, :2].sum((1, 2)) / patches.sum((1, 2))
    torch.testing.assert_close(relabel(step, (32, 32)), 1 - share)


def swin_pooled_attention_by_hand(msa, query, grid):
    """Mean over heads and over each window's queries of the window attention
    (relative position bias included), window by window along the width."""
    w_msa = msa.w_msa
    batch, _, channels = query.shape
    rows, cols = grid
    side = msa.window_size
    query = query.reshape(batch, rows, cols, channels)
    scores = torch.zeros(batch, rows, cols)
    for left in range(0, cols, side):
        tokens = query[:, :, left:left + side].reshape(batch, side * side, channels)
        length = side * side
        qkv = w_msa.qkv(tokens).reshape(
            batch, length, 3, w_msa.num_heads,
            channels // w_msa.num_heads).permute(2, 0, 3, 1, 4)
        bias = w_msa.relative_position_bias_table[
            w_msa.relative_position_index.view(-1)].view(length, length, -1)
        logits = qkv[0] * w_msa.scale @ qkv[1].transpose(-2, -1) + bias.permute(2, 0, 1)
        received = logits.softmax(-1).mean(dim=(1, 2))
        scores[:, :, left:left + side] = received.reshape(batch, side, side)
    return scores


def test_swin_label_weight_is_the_pooled_attention_share_of_the_pasted_tokens():
    np.random.seed(5)
    backbone = tiny_swin(drop_path_rate=0.5)  # train mode: the drop path must not
    backbone.train()                         # reach the scores
    relabel = ClassAttentionRelabel(area_weight=0.0)
    relabel.attach(backbone)
    msa = backbone.stages[-1].blocks[-1].attn
    seen = LastInput(msa)
    mixed, _, step = TransMix(switch_prob=1.0)(torch.randn(6, 3, 32, 64), one_hot(6))
    backbone(mixed)
    lam = relabel(step, (32, 64))
    with torch.no_grad():
        attention = swin_pooled_attention_by_hand(msa, seen.seen[-1], (4, 8))
    pasted = pasted_by_loop(step.boxes[0].tolist(), (4, 8), patch=8)
    assert 0 < pasted.sum() < 32
    share = (attention * pasted).sum((1, 2)) / attention.sum((1, 2))
    assert torch.isfinite(lam).all()
    torch.testing.assert_close(lam, 1 - share, rtol=1e-5, atol=1e-6)


def test_bad_relabel_use_names_the_problem():
    with pytest.raises(ValueError, match=r'area_weight must be a number in \[0, 1\]'):
        ClassAttentionRelabel(area_weight=1.5)
    with pytest.raises(ValueError, match='ResNet has no class attention'):
        ClassAttentionRelabel().attach(ResNet(depth=18))
    with pytest.raises(ValueError, match='no class token'):
        ClassAttentionRelabel().attach(tiny_vit(with_cls_token=False,
                                                out_type='avg_featmap'))
    relabel = ClassAttentionRelabel()
    relabel.attach(tiny_vit())
    step = GuidedMixStep(lam=0.5, source_index=torch.tensor([1, 0]),
                         boxes=torch.tensor([[0, 0, 8, 8]] * 2))
    with pytest.raises(ValueError, match='no forward pass seen yet'):
        relabel(step, (32, 48))


# --- through GuidedMixClassifier ---------------------------------------------------

def deit_classifier(mix, guide=None, token_head=None):
    return dict(
        type='mmrecmix.GuidedMixClassifier',
        data_preprocessor=dict(type='ClsDataPreprocessor', num_classes=NUM_CLASSES),
        backbone=dict(type='VisionTransformer', img_size=32, patch_size=4,
                      arch=dict(embed_dims=32, num_layers=2, num_heads=2,
                                feedforward_channels=64)),
        neck=None,
        head=dict(type='VisionTransformerClsHead', num_classes=NUM_CLASSES,
                  in_channels=32),
        mix=mix, guide=guide, token_head=token_head,
        relabel=dict(type='mmrecmix.ClassAttentionRelabel'))


def test_smmix_with_transmix_labels_relabels_from_the_mixed_forward():
    """SMMix Table 6 'SMMix + TransMix labels': the clean pass of the guide runs
    first, the label weight comes from the second (mixed) forward."""
    torch.manual_seed(0)
    np.random.seed(0)
    model = MODELS.build(deit_classifier(
        dict(type='mmrecmix.SMMix', smmix_prob=1.0),
        guide=dict(type='mmrecmix.AttentionGuide'),
        token_head=dict(in_channels=32, num_classes=NUM_CLASSES)))
    model.train()
    model.record_mix = True
    seen = LastInput(model.backbone.layers[-1].attn)
    data = model.data_preprocessor(dict(
        inputs=[torch.randint(0, 255, (3, 32, 32), dtype=torch.uint8) for _ in range(4)],
        data_samples=[DataSample().set_gt_label(i) for i in range(4)]), True)
    losses = model(**data, mode='loss')
    assert set(losses) == {'loss', 'loss_fine', 'loss_consistency'}
    assert all(math.isfinite(value.item()) for value in losses.values())
    assert len(seen.seen) == 2  # clean pass, mixed pass
    _, targets, step = model.last_mix
    with torch.no_grad():
        attention = class_attention_by_hand(model.backbone.layers[-1].attn,
                                            seen.seen[-1], (8, 8))
    share = (attention * step.token_mask).sum((1, 2)) / attention.sum((1, 2))
    area_lam = 1 - step.token_mask[0].sum().item() / 64
    torch.testing.assert_close(step.lam, 0.5 * area_lam + 0.5 * (1 - share),
                               rtol=1e-5, atol=1e-6)
    torch.testing.assert_close(targets.sum(1), torch.ones(4))


BACKBONES = {
    'deit': dict(size=32, model=deit_classifier(
        dict(type='mmrecmix.TransMix', switch_prob=1.0))),
    'swin': dict(size=32, model=dict(
        deit_classifier(dict(type='mmrecmix.TransMix', switch_prob=1.0)),
        backbone=dict(type='SwinTransformer', img_size=32, window_size=4,
                      out_indices=(1, ),
                      arch=dict(embed_dims=16, depths=[1, 2], num_heads=[1, 2])),
        neck=dict(type='GlobalAveragePooling'),
        head=dict(type='LinearClsHead', num_classes=NUM_CLASSES, in_channels=32))),
}


@pytest.mark.parametrize('name', list(BACKBONES))
def test_runner_train_step_relabels_cutmix_batches(name, tmp_path):
    model = dict(BACKBONES[name]['model'], _delete_=True)
    model['head'] = dict(model['head'], num_classes=10)
    model['data_preprocessor'] = dict(type='ClsDataPreprocessor', num_classes=10)
    cfg = digits_cfg(tmp_path, model, size=BACKBONES[name]['size'], batch_size=6,
                     train_size=12)
    cfg.experiment_name = f'transmix_{name}'
    runner = Runner.from_cfg(cfg)
    runner.model.record_mix = True
    runner.train()
    assert math.isfinite(runner.message_hub.get_scalar('train/loss').current())
    _, targets, step = runner.model.last_mix
    assert torch.is_tensor(step.lam) and step.lam.shape == (6, )
    assert ((step.lam >= 0) & (step.lam <= 1)).all()
    torch.testing.assert_close(targets.sum(1), torch.ones(6))


# --- configs ---------------------------------------------------------------------

@pytest.mark.parametrize('path, size, backbone', [
    ('configs/tables/smmix-t2/deit-small_4xb256-300e-transmix_in1k.py', (64, 48),
     dict(img_size=(64, 48))),
    ('configs/tables/smmix-t2/swin-tiny_4xb256-300e-transmix_in1k.py', (128, 128),
     dict(img_size=128, window_size=4)),
    ('configs/deit/deit-small_4xb256-smmix-transmix_in1k.py', (64, 64),
     dict(img_size=64))], ids=['deit-s', 'swin-t', 'smmix-deit-s'])
def test_configs_take_a_relabelled_loss_step(path, size, backbone):
    """DeiT-S / Swin-T as configured (1000 classes) on a tiny batch (Swin-T: a 4x4
    last grid, 128 px with 4x4 windows), every batch a pasted one."""
    cfg = Config.fromfile(osp.join(REPO_ROOT, path))
    assert cfg.model.type == 'mmrecmix.GuidedMixClassifier'
    assert cfg.model.relabel == dict(type='mmrecmix.ClassAttentionRelabel')
    assert cfg.model.get('train_cfg') is None
    model_cfg = dict(cfg.model, data_preprocessor=dict(cfg.data_preprocessor))
    model_cfg['backbone'] = dict(model_cfg['backbone'], **backbone)
    forced = dict(switch_prob=1.0) if 'TransMix' in cfg.model.mix.type else dict(
        smmix_prob=1.0)
    model_cfg['mix'] = dict(model_cfg['mix'], **forced)
    torch.manual_seed(0)
    np.random.seed(0)
    model = MODELS.build(model_cfg)
    model.train()
    model.record_mix = True
    data = model.data_preprocessor(dict(
        inputs=[torch.randint(0, 256, (3, *size), dtype=torch.uint8) for _ in range(4)],
        data_samples=[DataSample().set_gt_label(label) for label in (3, 999, 0, 3)]),
        True)
    losses = model(**data, mode='loss')
    assert all(math.isfinite(value.item()) for value in losses.values())
    _, targets, step = model.last_mix
    assert torch.is_tensor(step.lam) and step.lam.shape == (4, )
    torch.testing.assert_close(targets.sum(1), torch.ones(4))
    assert model.head.num_classes == 1000


def test_pasted_a_box_is_true_on_non_empty_boxes_only():
    boxes = torch.tensor([[2, 3, 5, 7], [4, 4, 4, 9], [1, 6, 8, 6], [0, 0, 1, 1]])
    step = GuidedMixStep(lam=torch.ones(4), source_index=torch.arange(4), boxes=boxes)
    assert step.pasted_a_box().tolist() == [True, False, False, True]
    with pytest.raises(ValueError, match='has no boxes'):
        GuidedMixStep(lam=1.0, source_index=torch.arange(4)).pasted_a_box()
