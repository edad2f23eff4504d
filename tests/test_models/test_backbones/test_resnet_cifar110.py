"""CIFARResNet, the ResNet-110 of CutMix Table 6: against a transcription of the CIFAR
branch of clovaai/CutMix-PyTorch resnet.py (parameter counts at depth 110, the same
outputs from the same weights), the stage shapes on a non-square input, the
reference's initialisation and the depth rule."""
import math

import pytest
import torch
import torch.nn as nn

import mmrecmix  # noqa: F401  (registers the backbones)
from mmrecmix.registry import MODELS


# ------------------------------------------------ the reference, transcribed
# clovaai/CutMix-PyTorch resnet.py, ResNet(dataset='cifar100', depth, num_classes,
# bottleneck): the modules and their order are the reference's.
class ReferenceBasicBlock(nn.Module):
    expansion = 1

    def __init__(self, inplanes, planes, stride=1, downsample=None):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample

    def forward(self, x):
        out = self.bn2(self.conv2(self.relu(self.bn1(self.conv1(x)))))
        residual = x if self.downsample is None else self.downsample(x)
        return self.relu(out + residual)


class ReferenceBottleneck(nn.Module):
    expansion = 4

    def __init__(self, inplanes, planes, stride=1, downsample=None):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = nn.Conv2d(planes, planes * 4, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        residual = x if self.downsample is None else self.downsample(x)
        return self.relu(out + residual)


class ReferenceResNet(nn.Module):
    def __init__(self, depth, num_classes=100, bottleneck=True):
        super().__init__()
        self.inplanes = 16
        if bottleneck:
            n, block = (depth - 2) // 9, ReferenceBottleneck
        else:
            n, block = (depth - 2) // 6, ReferenceBasicBlock
        self.conv1 = nn.Conv2d(3, 16, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        self.relu = nn.ReLU(inplace=True)
        self.layer1 = self._make_layer(block, 16, n)
        self.layer2 = self._make_layer(block, 32, n, stride=2)
        self.layer3 = self._make_layer(block, 64, n, stride=2)
        self.fc = nn.Linear(64 * block.expansion, num_classes)

    def _make_layer(self, block, planes, blocks, stride=1):
        downsample = None
        if stride != 1 or self.inplanes != planes * block.expansion:
            downsample = nn.Sequential(
                nn.Conv2d(self.inplanes, planes * block.expansion, 1, stride, bias=False),
                nn.BatchNorm2d(planes * block.expansion))
        layers = [block(self.inplanes, planes, stride, downsample)]
        self.inplanes = planes * block.expansion
        layers += [block(self.inplanes, planes) for _ in range(1, blocks)]
        return nn.Sequential(*layers)

    def backbone(self, x):
        x = self.relu(self.bn1(self.conv1(x)))
        return self.layer3(self.layer2(self.layer1(x)))


def num_params(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def build(**kwargs):
    return MODELS.build(dict(type='mmrecmix.CIFARResNet', **kwargs))


# ---------------------------------------------------------------- parameter counts
@pytest.mark.parametrize('bottleneck, channels, backbone, with_100, with_10', [
    (True, 256, 1_145_168, 1_170_868, 1_147_738),
    (False, 64, 1_730_064, 1_736_564, 1_730_714),
])
def test_resnet110_parameter_counts_are_the_reference_s(bottleneck, channels, backbone,
                                                        with_100, with_10):
    model = build(depth=110, bottleneck=bottleneck)
    assert model.feat_dim == channels
    assert num_params(model) == backbone
    assert num_params(ReferenceResNet(110, 100, bottleneck)) == with_100
    assert num_params(ReferenceResNet(110, 10, bottleneck)) == with_10
    assert backbone + channels * 100 + 100 == with_100


def test_table_6_s_1_1_m_is_the_bottleneck_network():
    """CutMix Table 6 gives ResNet-110 1.1 M: the reference's default bottleneck
    network (1.15 M without the classifier); He et al.'s basic one is 1.7 M however
    it is counted."""
    assert math.floor(1_145_168 / 1e5) / 10 == 1.1
    assert round(1_730_064 / 1e6, 1) == round(1_736_564 / 1e6, 1) == 1.7


@pytest.mark.parametrize('bottleneck, depth', [(True, 20), (False, 14)])
def test_same_weights_give_the_reference_s_features(bottleneck, depth):
    torch.manual_seed(0)
    reference = ReferenceResNet(depth, bottleneck=bottleneck).eval()
    model = build(depth=depth, bottleneck=bottleneck)
    model.eval()
    ours = model.state_dict()
    theirs = [value for key, value in reference.state_dict().items()
              if not key.startswith('fc.')]
    assert [tuple(v.shape) for v in ours.values()] == [tuple(v.shape) for v in theirs]
    model.load_state_dict(dict(zip(ours, theirs)))
    x = torch.randn(2, 3, 16, 24)
    with torch.no_grad():
        (feature, ) = model(x)
        torch.testing.assert_close(feature, reference.backbone(x), rtol=1e-4, atol=1e-5)


# ---------------------------------------------------------------- architecture
@pytest.mark.parametrize('bottleneck, channels', [(True, (64, 128, 256)),
                                                  (False, (16, 32, 64))])
def test_stage_shapes_non_square(bottleneck, channels):
    model = build(depth=110, bottleneck=bottleneck, out_indices=(0, 1, 2))
    model.eval()
    with torch.no_grad():
        feats = model(torch.randn(1, 3, 32, 48))
    assert [tuple(f.shape[1:]) for f in feats] == [
        (channels[0], 32, 48), (channels[1], 16, 24), (channels[2], 8, 12)]
    assert model.res_layers == ['layer1', 'layer2', 'layer3']
    assert [len(getattr(model, name)) for name in model.res_layers] == (
        [12] * 3 if bottleneck else [18] * 3)


def test_init_is_the_reference_he_normal_with_bn_at_one():
    torch.manual_seed(0)
    model = build(depth=110)
    model.init_weights()
    conv = model.layer3[11].conv3  # 64 -> 256, 1x1
    # normal(0, sqrt(2 / (k * k * out_channels))), as resnet.py
    assert conv.weight.std().item() == pytest.approx(math.sqrt(2 / 256), rel=0.05)
    assert all(bool((m.weight == 1).all()) for m in model.modules()
               if isinstance(m, nn.BatchNorm2d))
    assert (model.conv1.kernel_size, model.conv1.stride) == ((3, 3), (1, 1))
    assert not any(isinstance(m, nn.MaxPool2d) for m in model.modules())


@pytest.mark.parametrize('depth, bottleneck, match', [
    (110, True, None), (110, False, None), (32, True, 'depth must be 9n'),
    (21, False, 'depth must be 6n'), ('110', True, 'depth must be 9n')])
def test_depth_rule(depth, bottleneck, match):
    if match is None:
        build(depth=depth, bottleneck=bottleneck)
        return
    with pytest.raises(ValueError, match=match):
        build(depth=depth, bottleneck=bottleneck)
