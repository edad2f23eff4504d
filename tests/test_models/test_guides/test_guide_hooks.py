"""The forward hooks of guides and relabellers: one set per attach, removable, and
idle outside training steps (an evaluation forward records and computes nothing)."""
import math

import torch
from mmpretrain.models.backbones import VisionTransformer
from mmpretrain.structures import DataSample

from mmrecmix.models.guides import AttentionGuide, ClassAttentionRelabel
from mmrecmix.registry import MODELS

NUM_CLASSES = 4


def tiny_deit():
    """2 layers, 2 heads, 32-d, 8-px patches: a 4x4 grid on 32 px images."""
    torch.manual_seed(0)
    return VisionTransformer(
        arch=dict(embed_dims=32, num_layers=2, num_heads=2, feedforward_channels=64),
        img_size=32, patch_size=8)


def hook_counts(backbone):
    """How many forward (pre-)hooks each hooked module of a ViT holds."""
    attn = backbone.layers[-1].attn
    return dict(attn_pre=len(attn._forward_pre_hooks), qkv=len(attn.qkv._forward_hooks),
                patch_embed=len(backbone.patch_embed._forward_hooks),
                ln1=len(backbone.ln1._forward_hooks))


def test_attaching_twice_keeps_one_set_of_hooks_and_detach_removes_it():
    backbone = tiny_deit()
    bare = hook_counts(backbone)
    guide, relabel = AttentionGuide(), ClassAttentionRelabel()
    for part in (guide, relabel):
        part.attach(backbone)
    once = hook_counts(backbone)
    # The guide: a pre-hook on the last attention, the patch grid and the final
    # norm; the relabel: the qkv projection and the patch grid.
    assert once == dict(attn_pre=bare['attn_pre'] + 1, qkv=bare['qkv'] + 1,
                        patch_embed=bare['patch_embed'] + 2, ln1=bare['ln1'] + 1)
    for part in (guide, relabel):
        part.attach(backbone)
    assert hook_counts(backbone) == once
    guide.detach()
    relabel.detach()
    assert hook_counts(backbone) == bare


def test_an_evaluation_forward_does_no_hook_work():
    backbone = tiny_deit()
    guide, relabel = AttentionGuide(), ClassAttentionRelabel()
    guide.attach(backbone)
    relabel.attach(backbone)
    backbone.eval()
    with torch.no_grad():
        backbone(torch.randn(2, 3, 32, 32))
    assert relabel.reader.row is None  # the class attention was not computed
    assert guide.guide.attn_input.args is None and guide.guide.tokens.output is None
    # A training-mode forward records both; the guide's armed pass in eval mode
    # records the guide's inputs but leaves the relabel idle.
    backbone.train()
    backbone(torch.randn(3, 3, 32, 32))
    assert relabel.reader.row.shape == (3, 16)
    assert guide.guide.tokens.output.shape == (3, 17, 32)
    backbone.eval()
    with torch.no_grad(), guide.hooks.armed():
        backbone(torch.randn(5, 3, 32, 32))
    assert guide.guide.attn_input.get(0, 'x').size(0) == 5
    assert relabel.reader.row.size(0) == 3


def test_smmix_with_transmix_labels_trains_and_evaluates_without_hook_work():
    head = dict(type='VisionTransformerClsHead', num_classes=NUM_CLASSES, in_channels=32)
    model = MODELS.build(dict(
        type='mmrecmix.GuidedMixClassifier', backbone=tiny_deit(), neck=None, head=head,
        data_preprocessor=dict(type='ClsDataPreprocessor', num_classes=NUM_CLASSES),
        mix=dict(type='mmrecmix.SMMix', smmix_prob=1.0),
        guide=dict(type='mmrecmix.AttentionGuide'),
        relabel=dict(type='mmrecmix.ClassAttentionRelabel'),
        token_head=dict(in_channels=32, num_classes=NUM_CLASSES)))
    data = model.data_preprocessor(dict(
        inputs=[torch.randint(0, 255, (3, 32, 32), dtype=torch.uint8) for _ in range(4)],
        data_samples=[DataSample().set_gt_label(i) for i in range(4)]), True)
    model.train()
    losses = model(**data, mode='loss')
    assert set(losses) == {'loss', 'loss_fine', 'loss_consistency'}
    assert all(math.isfinite(value.item()) for value in losses.values())
    row, tokens = model.relabel.reader.row, model.guide.guide.tokens.output
    assert row is not None and tokens is not None
    model.eval()
    with torch.no_grad():
        predictions = model(**data, mode='predict')
    assert len(predictions) == 4
    # The evaluation forward left what the training step recorded untouched.
    assert model.relabel.reader.row is row and model.guide.guide.tokens.output is tokens
