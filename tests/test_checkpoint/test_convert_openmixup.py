"""OpenMixup's model-zoo checkpoints (mmcv 1: ``meta``, ``state_dict`` in mmcls's names,
``optimizer``) onto the models of the table configs of their rows, and an AutoMix
checkpoint onto the plain classifier of its network."""
import os.path as osp

import pytest
import torch
from conftest import REPO_ROOT, tool_module

from mmrecmix.checkpoint.convert import shapes_of
from mmrecmix.checkpoint.convert_openmixup import convert_openmixup

TABLES = osp.join(REPO_ROOT, 'configs', 'tables')
RSB_A3_R50 = osp.join(TABLES, 'rsb-a3', 'resnet50_4xb512-100e-rsb_in1k.py')
DEIT_S = osp.join(TABLES, 'smmix-t2', 'deit-small_4xb256-300e-mixup-cutmix_in1k.py')
AUTOMIX_R50 = osp.join(TABLES, 'automix-t2-in1k', 'resnet50_4xb64-300e_in1k.py')
# Names read in OpenMixup's resnet_mmcls.py, cls_mixup_head.py, vision_transformer.py
# (mmcv's PatchEmbed and FFN) and vision_transformer_head.py.
PUBLISHED = {
    RSB_A3_R50: ['backbone.conv1.weight', 'backbone.bn1.running_var',
                 'backbone.layer1.0.downsample.0.weight', 'backbone.layer4.2.bn3.weight',
                 'head.fc.weight', 'head.fc.bias'],
    DEIT_S: ['backbone.cls_token', 'backbone.pos_embed',
             'backbone.patch_embed.projection.weight', 'backbone.layers.0.ln1.weight',
             'backbone.layers.0.attn.qkv.weight', 'backbone.layers.11.ln2.bias',
             'backbone.layers.11.ffn.layers.0.0.weight',
             'backbone.layers.11.ffn.layers.1.bias', 'backbone.ln1.weight',
             'head.layers.head.weight'],
}


def config_model(config):
    return tool_module('tools/model_converters/released_checkpoint.py').config_model(config)


def random_state(shapes):
    return {key: torch.randn(shape) if shape else torch.tensor(7)
            for key, shape in shapes.items()}


def mmcv1_checkpoint(state):
    """A checkpoint as mmcv 1's runner saves it."""
    return dict(meta=dict(mmcv_version='1.7.1', epoch=100, iter=125100,
                          config="model = dict(type='MixUpClassification')"),
                state_dict=state, optimizer=dict(state={}, param_groups=[]))


@pytest.fixture(scope='module')
def resnet50_target():
    return shapes_of(config_model(RSB_A3_R50).state_dict())


@pytest.mark.parametrize('config', [RSB_A3_R50, DEIT_S], ids=['rsb-a3-r50', 'deit-s'])
def test_model_zoo_checkpoint_fills_the_table_model(config):
    model = config_model(config)
    assert set(PUBLISHED[config]) <= set(model.state_dict())
    source = random_state(shapes_of(model.state_dict()))
    converted = convert_openmixup(mmcv1_checkpoint(source), shapes_of(model.state_dict()))
    model.load_state_dict(converted, strict=True)
    assert all(converted[key] is source[key] for key in source)


def test_automix_checkpoint_gives_its_momentum_encoder_and_one_hot_head():
    target = shapes_of(config_model(AUTOMIX_R50).state_dict())
    momentum = random_state(target)
    state = {'mix_block.query.weight': torch.randn(512, 1025, 1, 1),
             'mix_block.value.bias': torch.randn(1)}
    for key, value in momentum.items():
        module, rest = key.split('.', 1)
        online = torch.zeros(()).expand(value.shape)
        copies = (('backbone_q', online), ('backbone_k', value), ('backbone', value)) if \
            module == 'backbone' else (('head_mix_q', online), ('head_mix_k', online),
                                       ('head_one_q', online), ('head_one_k', value),
                                       ('head', value))
        state.update({f'{name}.{rest}': tensor for name, tensor in copies})
    converted = convert_openmixup(mmcv1_checkpoint(state), target)
    assert list(converted) == list(target)
    assert all(converted[key] is momentum[key] for key in target)


def test_checkpoints_that_do_not_fit_are_refused(resnet50_target):
    state = random_state(resnet50_target)
    del state['backbone.layer2.1.conv2.weight']
    with pytest.raises(KeyError, match=r'missing: backbone\.layer2\.1\.conv2\.weight\. '
                       'Pass the full checkpoint OpenMixup released'):
        convert_openmixup(mmcv1_checkpoint(state), resnet50_target)
    cifar_head = dict(random_state(resnet50_target), **{'head.fc.bias': torch.zeros(100)})
    with pytest.raises(KeyError, match=r'head\.fc\.bias \(100,\) vs \(1000,\)'):
        convert_openmixup(mmcv1_checkpoint(cifar_head), resnet50_target)
    # What OpenMixup's extract_backbone_weights.py writes: no head, no backbone. prefix.
    backbone_only = {key[len('backbone.'):]: value for key, value
                     in random_state(resnet50_target).items() if key.startswith('backbone.')}
    with pytest.raises(KeyError) as error:
        convert_openmixup(dict(state_dict=backbone_only, author='openmixup'),
                          resnet50_target)
    message = error.value.args[0]
    assert 'missing: backbone.conv1.weight' in message
    assert 'unused: conv1.weight' in message
    assert 'an extracted backbone has no head' in message
