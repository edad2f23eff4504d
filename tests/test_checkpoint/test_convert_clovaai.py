"""The checkpoints clovaai/CutMix-PyTorch released: its ImageNet ResNet-50 (torchvision's
names) and its CIFAR-100 PyramidNet-200 (pyramidnet.py's names), converted onto the
models of the CutMix table configs."""
import os.path as osp

import pytest
import torch
import torch.nn.functional as F
import torchvision
from conftest import REPO_ROOT, tool_module

from mmrecmix.checkpoint.convert import shapes_of
from mmrecmix.checkpoint.convert_clovaai import convert_clovaai

TABLES = osp.join(REPO_ROOT, 'configs', 'tables')
RESNET50 = osp.join(TABLES, 'cutmix-imagenet-300e', 'resnet50_4xb64-300e-cutmix_in1k.py')
PYRAMIDNET200 = osp.join(TABLES, 'cutmix-cifar-300e',
                         'pyramidnet200_2xb32-300e-cutmix_cifar100.py')
# A PyramidNet small enough to run: 2 bottleneck units per stage, alpha 24.
SMALL_PYRAMIDNET = {'model.backbone.depth': 20, 'model.backbone.alpha': 24,
                    'model.head.in_channels': 4 * (16 + 24)}


def config_model(config, cfg_options=None):
    return tool_module('tools/model_converters/released_checkpoint.py').config_model(
        config, cfg_options).eval()


def released(network_state):
    """A checkpoint as CutMix-PyTorch's train.py saves it (a DataParallel model)."""
    arch = 'pyramidnet' if 'bn_final.weight' in network_state else 'resnet'
    return dict(epoch=299, arch=arch, best_err1=14.23, best_err5=2.75,
                state_dict={f'module.{k}': v for k, v in network_state.items()})


def random_like_trained(shape, key):
    """Random values a trained network could hold (BN variances positive)."""
    if key.endswith('num_batches_tracked'):
        return torch.tensor(100)
    if key.endswith('running_var'):
        return torch.rand(shape) + 0.5
    if len(shape) == 4:
        return torch.randn(shape) * (2 / (shape[1] * shape[2] * shape[3])) ** 0.5
    return torch.randn(shape) * 0.1 + (1.0 if key.endswith('weight') else 0.0)


def clovaai_pyramidnet_state(depth, alpha, num_classes):
    """Random weights under pyramidnet.py's names and shapes (bottleneck units, widths
    from its running sum of alpha / (3n) rounded), written from that file alone."""
    def bn(name, channels):
        return {f'{name}.{p}': (channels, ) for p in
                ('weight', 'bias', 'running_mean', 'running_var')} | {
                    f'{name}.num_batches_tracked': ()}

    units, width, channels = (depth - 2) // 9, 16.0, 16
    shapes = {'conv1.weight': (16, 3, 3, 3), **bn('bn1', 16)}
    for stage in (1, 2, 3):
        for unit in range(units):
            width += alpha / (3 * units)
            planes, name = int(round(width)), f'layer{stage}.{unit}'
            shapes.update({**bn(f'{name}.bn1', channels),
                           f'{name}.conv1.weight': (planes, channels, 1, 1),
                           **bn(f'{name}.bn2', planes),
                           f'{name}.conv2.weight': (planes, planes, 3, 3),
                           **bn(f'{name}.bn3', planes),
                           f'{name}.conv3.weight': (4 * planes, planes, 1, 1),
                           **bn(f'{name}.bn4', 4 * planes)})
            channels = 4 * planes
    shapes.update({**bn('bn_final', channels), 'fc.weight': (num_classes, channels),
                   'fc.bias': (num_classes, )})
    return {key: random_like_trained(shape, key) for key, shape in shapes.items()}


def clovaai_pyramidnet_logits(state, x):
    """pyramidnet.py's CIFAR forward, computed from the published names: BN first in
    each unit, no ReLU after the last BN, the shortcut average-pooled when strided and
    zero channels appended; bn_final, ReLU, 8x8 average pooling, fc."""
    def bn(name, x):
        return F.batch_norm(x, state[f'{name}.running_mean'], state[f'{name}.running_var'],
                            state[f'{name}.weight'], state[f'{name}.bias'])

    def conv(name, x, stride=1):
        weight = state[f'{name}.weight']
        return F.conv2d(x, weight, stride=stride, padding=weight.shape[-1] // 2)

    x = bn('bn1', conv('conv1', x))
    units = sum(key.startswith('layer1.') and key.endswith('conv1.weight') for key in state)
    for stage in (1, 2, 3):
        for unit in range(units):
            name, stride = f'layer{stage}.{unit}', 2 if stage > 1 and unit == 0 else 1
            out = conv(f'{name}.conv1', bn(f'{name}.bn1', x))
            out = conv(f'{name}.conv2', F.relu(bn(f'{name}.bn2', out)), stride)
            out = bn(f'{name}.bn4', conv(f'{name}.conv3', F.relu(bn(f'{name}.bn3', out))))
            shortcut = F.avg_pool2d(x, 2, ceil_mode=True) if stride == 2 else x
            zeros = shortcut.new_zeros(shortcut.shape[0], out.shape[1] - shortcut.shape[1],
                                       *shortcut.shape[2:])
            x = out + torch.cat([shortcut, zeros], 1)
    x = F.avg_pool2d(F.relu(bn('bn_final', x)), 8).flatten(1)
    return F.linear(x, state['fc.weight'], state['fc.bias'])


@pytest.fixture(scope='module')
def resnet50():
    torch.manual_seed(0)
    return torchvision.models.resnet50().eval(), config_model(RESNET50)


def test_resnet50_gives_torchvision_logits_in_the_table_model(resnet50):
    network, model = resnet50
    source = released(network.state_dict())
    converted = convert_clovaai(source, shapes_of(model.state_dict()))
    model.load_state_dict(converted, strict=True)
    # resnet.py's names, as published, land where mmpretrain's ResNet has them.
    for published, ours in [('conv1.weight', 'backbone.conv1.weight'),
                            ('layer1.0.downsample.1.running_var',
                             'backbone.layer1.0.downsample.1.running_var'),
                            ('layer4.2.bn3.weight', 'backbone.layer4.2.bn3.weight'),
                            ('fc.bias', 'head.fc.bias')]:
        assert converted[ours] is source['state_dict'][f'module.{published}']
    images = torch.randn(2, 3, 32, 32)
    with torch.no_grad():
        torch.testing.assert_close(model(images, mode='tensor'), network(images))


def test_pyramidnet200_fills_the_table_model():
    model = config_model(PYRAMIDNET200)
    source = clovaai_pyramidnet_state(depth=200, alpha=240, num_classes=100)
    converted = convert_clovaai(released(source), shapes_of(model.state_dict()))
    model.load_state_dict(converted, strict=True)
    for published, ours in [('conv1.weight', 'backbone.stem.conv.weight'),
                            ('bn1.running_mean', 'backbone.stem.norm.running_mean'),
                            ('layer1.0.bn1.weight', 'backbone.layer1.0.residual.norm_in.weight'),
                            ('layer2.0.conv2.weight', 'backbone.layer2.0.residual.conv2.weight'),
                            ('layer3.21.bn4.bias', 'backbone.layer3.21.residual.norm_out.bias'),
                            ('bn_final.running_var', 'backbone.layer3.final_norm.running_var'),
                            ('fc.weight', 'head.fc.weight')]:
        assert converted[ours] is source[published]


def test_pyramidnet_gives_the_reference_logits():
    model = config_model(PYRAMIDNET200, SMALL_PYRAMIDNET).double()
    source = {k: v.double() if v.is_floating_point() else v
              for k, v in clovaai_pyramidnet_state(20, 24, 100).items()}
    model.load_state_dict(convert_clovaai(released(source), shapes_of(model.state_dict())))
    images = torch.randn(2, 3, 32, 32, dtype=torch.double)
    with torch.no_grad():
        torch.testing.assert_close(model(images, mode='tensor'),
                                   clovaai_pyramidnet_logits(source, images))


def test_checkpoints_that_do_not_fit_are_refused(resnet50):
    network, model = resnet50
    target = shapes_of(model.state_dict())
    state = network.state_dict()
    without_fc_bias = {k: v for k, v in state.items() if k != 'fc.bias'}
    with pytest.raises(KeyError, match=r'missing: head\.fc\.bias\. Pass the model_best'):
        convert_clovaai(released(without_fc_bias), target)
    cifar_head = dict(state, **{'fc.weight': torch.zeros(100, 2048)})
    with pytest.raises(KeyError, match=r'shape .*: head\.fc\.weight \(100, 2048\) vs '
                       r'\(1000, 2048\)'):
        convert_clovaai(released(cifar_head), target)
    mmcv_layout = dict(meta=dict(epoch=300), state_dict={f'backbone.{k}': v for k, v
                                                         in state.items()})
    with pytest.raises(KeyError, match='not a CutMix-PyTorch ResNet checkpoint: no '
                       'conv1.weight.*openmixup_to_mmrecmix.py'):
        convert_clovaai(mmcv_layout, target)
    # A PyramidNet does not fit the ResNet-50 of the config, and is told so in one line.
    with pytest.raises(KeyError) as error:
        convert_clovaai(released(clovaai_pyramidnet_state(20, 24, 100)), target)
    assert 'missing: backbone.conv1.weight' in error.value.args[0]
    assert '\n' not in error.value.args[0]
