"""DenseNet_CIFAR, the DenseNet-121 / DenseNet-161 of RecursiveMix Table 3: against a
transcription of the authors' models_cifar/densenet.py (parameter counts, and the same
outputs from the same weights), the stem and transitions that make it the reference's,
and the stage shapes on a non-square input."""
import pytest
import torch
import torch.nn as nn

import mmrecmix  # noqa: F401  (registers the backbones)
from mmrecmix.registry import MODELS


# ------------------------------------------------ the reference, transcribed
# implus/RecursiveMix-pytorch models_cifar/densenet.py (commit ed381bf), without the
# RoI branch of its forward; the modules and their order are the reference's.
class ReferenceBottleneck(nn.Module):
    def __init__(self, in_channels, growth_rate):
        super().__init__()
        inner = 4 * growth_rate
        self.bottle_neck = nn.Sequential(
            nn.BatchNorm2d(in_channels), nn.ReLU(inplace=True),
            nn.Conv2d(in_channels, inner, kernel_size=1, bias=False),
            nn.BatchNorm2d(inner), nn.ReLU(inplace=True),
            nn.Conv2d(inner, growth_rate, kernel_size=3, padding=1, bias=False))

    def forward(self, x):
        return torch.cat([x, self.bottle_neck(x)], 1)


def reference_transition(in_channels, out_channels):
    return nn.Sequential(nn.BatchNorm2d(in_channels),
                         nn.Conv2d(in_channels, out_channels, 1, bias=False),
                         nn.AvgPool2d(2, stride=2))


class ReferenceDenseNet(nn.Module):
    def __init__(self, nblocks, growth_rate, num_classes=100, reduction=0.5):
        super().__init__()
        channels = 2 * growth_rate
        self.conv1 = nn.Conv2d(3, channels, kernel_size=3, padding=1, bias=False)
        self.features = nn.Sequential()
        for index, blocks in enumerate(nblocks):
            block = nn.Sequential()
            for layer in range(blocks):
                block.add_module(f'bottle_neck_layer_{layer}',
                                 ReferenceBottleneck(channels, growth_rate))
                channels += growth_rate
            self.features.add_module(f'dense_block_{index}', block)
            if index < len(nblocks) - 1:
                out_channels = int(reduction * channels)
                self.features.add_module(f'transition_layer_{index}',
                                         reference_transition(channels, out_channels))
                channels = out_channels
        self.features.add_module('bn', nn.BatchNorm2d(channels))
        self.features.add_module('relu', nn.ReLU(inplace=True))
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.linear = nn.Linear(channels, num_classes)
        self.linear_roi = nn.Linear(channels, num_classes)  # RecursiveMix's RoI head

    def backbone(self, x):
        return self.features(self.conv1(x))


# densenet121 / densenet161 of the reference.
REFERENCE_ARCHS = {'121': ([6, 12, 24, 16], 32), '161': ([6, 12, 36, 24], 48)}


def num_params(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def build(arch='121', **kwargs):
    return MODELS.build(dict(type='mmrecmix.DenseNet_CIFAR', arch=arch, **kwargs))


# ---------------------------------------------------------------- parameter counts
@pytest.mark.parametrize('arch, channels, backbone, with_head, reference_total', [
    ('121', 1024, 6_946_048, 7_048_548, 7_151_048),
    ('161', 2208, 26_460_288, 26_681_188, 26_902_088),
])
def test_parameter_counts_are_the_reference_s(arch, channels, backbone, with_head,
                                              reference_total):
    """The reference's model is the backbone, ``linear`` (our LinearClsHead) and
    ``linear_roi`` (our RoIConsistencyNeck's fc)."""
    model = build(arch)
    assert num_params(model) == backbone
    head = channels * 100 + 100
    assert backbone + head == with_head
    reference = ReferenceDenseNet(*REFERENCE_ARCHS[arch])
    assert num_params(reference) == reference_total == backbone + 2 * head
    assert reference.linear.in_features == channels


def test_same_weights_give_the_reference_s_features():
    torch.manual_seed(0)
    reference = ReferenceDenseNet(*REFERENCE_ARCHS['121']).eval()
    model = build('121')
    model.eval()
    ours = model.state_dict()
    # Ours in the order the forward runs them (mmpretrain keeps the blocks and the
    # transitions in two lists); the reference's own order is that one.
    in_forward_order = [key for key in ours if key.startswith('stem.')] + [
        key for stage in range(4) for part in ('stages', 'transitions')
        for key in ours if key.startswith(f'{part}.{stage}.')]
    assert sorted(in_forward_order) == sorted(ours)
    theirs = [value for key, value in reference.state_dict().items()
              if not key.startswith('linear')]
    assert [tuple(ours[k].shape) for k in in_forward_order] == [
        tuple(v.shape) for v in theirs]
    model.load_state_dict(dict(zip(in_forward_order, theirs)))
    x = torch.randn(2, 3, 8, 12)
    with torch.no_grad():
        (feature, ) = model(x)
        expected = reference.backbone(x)
    torch.testing.assert_close(feature, expected, rtol=1e-4, atol=1e-5)


# ---------------------------------------------------------------- architecture
def test_cifar_stem_and_transitions_without_relu():
    model = build('121')
    assert isinstance(model.stem, nn.Conv2d)
    assert (model.stem.kernel_size, model.stem.stride, model.stem.out_channels) == (
        (3, 3), (1, 1), 64)
    assert not any(isinstance(m, nn.MaxPool2d) for m in model.modules())
    for transition in model.transitions[:-1]:
        assert isinstance(transition.act, nn.Identity)
    final = list(model.transitions[-1])
    assert isinstance(final[0], nn.BatchNorm2d) and isinstance(final[1], nn.ReLU)
    paper = build('121', transition_act=True)
    assert all(isinstance(t.act, nn.ReLU) for t in paper.transitions[:-1])
    assert num_params(paper) == num_params(model)


@pytest.mark.parametrize('arch, size, channels', [
    ('121', (32, 48), (128, 256, 512, 1024)), ('161', (8, 16), (192, 384, 1056, 2208))])
def test_stage_shapes_non_square(arch, size, channels):
    """Each transition halves the size; the last stage keeps it."""
    model = build(arch, out_indices=(0, 1, 2, 3))
    model.eval()
    with torch.no_grad():
        feats = model(torch.randn(1, 3, *size))
    height, width = size
    assert [tuple(f.shape[1:]) for f in feats] == [
        (channels[0], height // 2, width // 2), (channels[1], height // 4, width // 4),
        (channels[2], height // 8, width // 8), (channels[3], height // 8, width // 8)]
