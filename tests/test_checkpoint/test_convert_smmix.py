"""The DeiT checkpoints ChenMnZ/SMMix released (timm's ViT names and a token_head, under
``model``), converted onto mmrecmix's SMMix DeiT-S; facebookresearch/deit's layout (no
token_head) onto the plain DeiT-S of the DeiT-recipe rows."""
import argparse
import importlib.util
import os.path as osp

import mmpretrain
import pytest
import torch
from conftest import FULL_TIER, REPO_ROOT, tool_module

from mmrecmix.checkpoint.convert import renamed, shapes_of
from mmrecmix.checkpoint.convert_smmix import TIMM_DEIT_RULES, convert_smmix_deit

SMMIX_DEIT_S = osp.join(REPO_ROOT, 'configs', 'deit', 'deit-small_4xb256-smmix_in1k.py')
DEIT_S = osp.join(REPO_ROOT, 'configs', 'tables', 'smmix-t2',
                  'deit-small_4xb256-300e-mixup-cutmix_in1k.py')
MMPRETRAIN_DEIT3_CONVERTER = osp.join(osp.dirname(mmpretrain.__file__), '.mim', 'tools',
                                      'model_converters', 'deit3_to_mmpretrain.py')


def config_model(config, cfg_options=None):
    return tool_module('tools/model_converters/released_checkpoint.py').config_model(
        config, cfg_options).eval()


def timm_deit_state(dims=384, depth=12, num_classes=1000, tokens=197, token_head=True):
    """Random weights under deit.py's names and shapes (timm's ViT, MLP ratio 4)."""
    shapes = {'cls_token': (1, 1, dims), 'pos_embed': (1, tokens, dims),
              'patch_embed.proj.weight': (dims, 3, 16, 16), 'patch_embed.proj.bias': (dims, ),
              'norm.weight': (dims, ), 'norm.bias': (dims, )}
    for i in range(depth):
        for name, (rows, cols) in {'norm1': (dims, None), 'attn.qkv': (3 * dims, dims),
                                   'attn.proj': (dims, dims), 'norm2': (dims, None),
                                   'mlp.fc1': (4 * dims, dims),
                                   'mlp.fc2': (dims, 4 * dims)}.items():
            shapes[f'blocks.{i}.{name}.weight'] = (rows, cols) if cols else (rows, )
            shapes[f'blocks.{i}.{name}.bias'] = (rows, )
    for head in ('head', 'token_head') if token_head else ('head', ):
        shapes.update({f'{head}.weight': (num_classes, dims), f'{head}.bias': (num_classes, )})
    return {key: torch.randn(shape) for key, shape in shapes.items()}


def released(model_state):
    """A checkpoint as SMMix's main.py saves it."""
    return dict(model=model_state, model_ema=dict(model_state), optimizer={}, epoch=299,
                args=argparse.Namespace(model='vit_deit_small_patch16_224'))


@pytest.fixture(scope='module')
def smmix_deit_s():
    return config_model(SMMIX_DEIT_S)


def test_smmix_deit_s_fills_the_smmix_config(smmix_deit_s):
    source = timm_deit_state()
    converted = convert_smmix_deit(released(source), shapes_of(smmix_deit_s.state_dict()))
    smmix_deit_s.load_state_dict(converted, strict=True)
    for published, ours in [('patch_embed.proj.weight', 'backbone.patch_embed.projection.weight'),
                            ('blocks.0.norm1.bias', 'backbone.layers.0.ln1.bias'),
                            ('blocks.11.norm2.weight', 'backbone.layers.11.ln2.weight'),
                            ('blocks.5.attn.qkv.weight', 'backbone.layers.5.attn.qkv.weight'),
                            ('blocks.2.mlp.fc1.bias', 'backbone.layers.2.ffn.layers.0.0.bias'),
                            ('blocks.2.mlp.fc2.weight', 'backbone.layers.2.ffn.layers.1.weight'),
                            ('norm.weight', 'backbone.ln1.weight'),
                            ('head.bias', 'head.layers.head.bias'),
                            ('token_head.weight', 'token_head.weight')]:
        assert converted[ours] is source[published]


def test_deit_layout_without_token_head_fills_the_plain_deit_s():
    model = config_model(DEIT_S)
    converted = convert_smmix_deit(dict(model=timm_deit_state(token_head=False)),
                                   shapes_of(model.state_dict()))
    model.load_state_dict(converted, strict=True)


@pytest.mark.skipif(not osp.isfile(MMPRETRAIN_DEIT3_CONVERTER),
                    reason="mmpretrain's converter scripts are not installed")
def test_mapping_agrees_with_mmpretrains_deit3_converter():
    spec = importlib.util.spec_from_file_location('deit3_to_mmpretrain',
                                                  MMPRETRAIN_DEIT3_CONVERTER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for key in timm_deit_state(dims=8, depth=2, token_head=False):
        assert list(module.convert_deit3({key: None})) == [renamed(key, TIMM_DEIT_RULES)]


@FULL_TIER
def test_gives_the_logits_of_timms_deit():
    timm = pytest.importorskip('timm')
    torch.manual_seed(0)
    network = timm.models.vision_transformer.VisionTransformer(
        img_size=32, patch_size=16, embed_dim=192, depth=12, num_heads=3,
        num_classes=10).eval()  # DeiT-T on 2 x 2 patches
    with torch.no_grad():  # LayerNorms away from 1 and 0, to tell them apart
        for parameter in network.parameters():
            parameter.add_(torch.randn_like(parameter) * 0.1)
    token_head = torch.nn.Linear(192, 10)
    source = dict(network.state_dict(),
                  **{f'token_head.{k}': v for k, v in token_head.state_dict().items()})
    model = config_model(SMMIX_DEIT_S, {
        'model.backbone.arch': 'deit-tiny', 'model.backbone.img_size': 32,
        'model.head.in_channels': 192, 'model.head.num_classes': 10,
        'model.token_head.in_channels': 192, 'model.token_head.num_classes': 10})
    model.load_state_dict(convert_smmix_deit(released(source), shapes_of(model.state_dict())))
    images = torch.randn(2, 3, 32, 32)
    with torch.no_grad():
        torch.testing.assert_close(model(images, mode='tensor'), network(images))


def test_checkpoints_that_do_not_fit_are_refused(smmix_deit_s):
    target = shapes_of(smmix_deit_s.state_dict())
    state = timm_deit_state(dims=384)
    del state['blocks.3.attn.proj.bias']
    with pytest.raises(KeyError, match=r'missing: backbone\.layers\.3\.attn\.proj\.bias\. '
                       'Pass the .pth the SMMix authors released'):
        convert_smmix_deit(released(state), target)
    at_384_pixels = timm_deit_state(tokens=577)
    with pytest.raises(KeyError, match=r'backbone\.pos_embed \(1, 577, 384\) vs '
                       r'\(1, 197, 384\)'):
        convert_smmix_deit(released(at_384_pixels), target)
    plain = shapes_of(config_model(DEIT_S).state_dict())
    with pytest.raises(KeyError, match=r'unused: token_head\.weight, token_head\.bias'):
        convert_smmix_deit(released(timm_deit_state()), plain)
    mmpretrain_layout = {f'backbone.{k}': v for k, v in timm_deit_state().items()}
    with pytest.raises(KeyError, match=r'not a SMMix \(timm DeiT\) checkpoint: no cls_token'):
        convert_smmix_deit(dict(state_dict=mmpretrain_layout), target)
