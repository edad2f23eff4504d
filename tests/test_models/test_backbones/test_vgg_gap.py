"""VGG_GAP, the VGG-GAP of CutMix Table 9: against a transcription of
clovaai/wsolevaluation's vgg16('cam') (parameter counts, the same logits and CAMs from
the same weights through mmrecmix's CAM code), the layers it keeps of VGG-16 (so that
mmpretrain's VGG-16 weights load), its outputs on a non-square input and a training
step of the classifier."""
import pytest
import torch
import torch.nn as nn
from mmpretrain.models.backbones import VGG

import mmrecmix  # noqa: F401  (registers the backbones)
from mmrecmix.evaluation.cam import check_cam_support, class_activation_maps
from mmrecmix.registry import MODELS

# ------------------------------------------------ the reference, transcribed
# clovaai/wsolevaluation wsol/vgg.py: configs_dict['cam']['14x14'], make_layers and
# VggCam (its forward returns the logits, or with return_cam the channel mean of the
# feature map weighted by the label's fc row).
CAM_14X14 = [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 'M', 512, 512, 512, 'M',
             512, 512, 512]


class ReferenceVggCam(nn.Module):
    def __init__(self, num_classes):
        super().__init__()
        layers, in_channels = [], 3
        for v in CAM_14X14:
            if v == 'M':
                layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
            else:
                layers += [nn.Conv2d(in_channels, v, kernel_size=3, padding=1),
                           nn.ReLU(inplace=True)]
                in_channels = v
        self.features = nn.Sequential(*layers)
        self.conv6 = nn.Conv2d(512, 1024, kernel_size=3, padding=1)
        self.relu = nn.ReLU(inplace=False)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(1024, num_classes)

    def forward(self, x, labels):
        """The logits and the CAMs of ``labels``."""
        x = self.relu(self.conv6(self.features(x)))
        logits = self.fc(self.avgpool(x).flatten(1))
        weights = self.fc.weight[labels]
        return logits, (weights.view(*x.shape[:2], 1, 1) * x).mean(1)


def num_params(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def classifier(num_classes: int) -> nn.Module:
    """The model of configs/evaluation/cutmix-t9-*-loc/_base_/vgg16-gap_*_loc.py."""
    return MODELS.build(dict(
        type='ImageClassifier',
        backbone=dict(type='mmrecmix.VGG_GAP', depth=16, gap_channels=1024),
        neck=dict(type='GlobalAveragePooling'),
        head=dict(type='LinearClsHead', num_classes=num_classes, in_channels=1024,
                  loss=dict(type='CrossEntropyLoss', loss_weight=1.0))))


@pytest.mark.parametrize('classes, total', [(200, 19_639_304), (1000, 20_459_304)])
def test_parameter_counts_are_the_reference_s(classes, total):
    model = classifier(classes)
    assert num_params(model.backbone) == 19_434_304
    assert num_params(model) == num_params(ReferenceVggCam(classes)) == total


def test_same_weights_give_the_reference_s_logits_and_cams():
    """mmrecmix's CAM is the channel sum, wsolevaluation's the channel mean: the same
    map times 1024 (the per-image normalisation of the metrics removes the factor)."""
    torch.manual_seed(0)
    reference = ReferenceVggCam(200).eval()
    model = classifier(200).eval()
    ours = model.state_dict()
    theirs = list(reference.state_dict().values())
    assert [tuple(v.shape) for v in ours.values()] == [tuple(v.shape) for v in theirs]
    model.load_state_dict(dict(zip(ours, theirs)))
    check_cam_support(model)
    x = torch.randn(2, 3, 32, 48)
    labels = torch.tensor([3, 150])
    cams, logits = class_activation_maps(model, x, labels)
    with torch.no_grad():
        expected_logits, expected_cams = reference(x, labels)
    torch.testing.assert_close(logits, expected_logits, rtol=1e-4, atol=1e-5)
    assert cams.shape == (2, 2, 3)  # 1 / 16 of the input
    torch.testing.assert_close(cams, expected_cams * 1024, rtol=1e-4, atol=1e-4)


def test_vgg16_layers_keep_mmpretrain_s_names():
    """mmpretrain's VGG-16 (ImageNet) checkpoint loads into every layer but the added
    conv: the same names and shapes, without the classifier."""
    ours = MODELS.build(dict(type='mmrecmix.VGG_GAP')).state_dict()
    vgg16 = VGG(16).state_dict()  # the checkpoint's keys but its classifier's
    assert {k: v.shape for k, v in ours.items() if not k.startswith('gap_conv.')} == {
        k: v.shape for k, v in vgg16.items()}
    assert sorted(k for k in ours if k.startswith('gap_conv.')) == [
        'gap_conv.conv.bias', 'gap_conv.conv.weight']


def test_outputs_on_a_non_square_input():
    model = MODELS.build(dict(type='mmrecmix.VGG_GAP', out_indices=(0, 1, 2, 3, 4, 5)))
    model.eval()
    with torch.no_grad():
        feats = model(torch.randn(1, 3, 32, 48))
    # No max-pooling after conv5_3: stages 4 and 5 and the added conv share 1 / 16.
    assert [tuple(f.shape[1:]) for f in feats] == [
        (64, 16, 24), (128, 8, 12), (256, 4, 6), (512, 2, 3), (512, 2, 3),
        (1024, 2, 3)]
    assert not any(isinstance(m, nn.Linear) for m in model.modules())


def test_a_training_step_of_the_classifier():
    from mmpretrain.structures import DataSample
    torch.manual_seed(0)
    model = classifier(200).train()
    samples = [DataSample().set_gt_label(k) for k in (1, 7)]
    losses = model(torch.randn(2, 3, 16, 16), samples, mode='loss')
    losses['loss'].backward()
    assert torch.isfinite(losses['loss'])
    assert model.backbone.gap_conv.conv.weight.grad.abs().sum() > 0


@pytest.mark.parametrize('kwargs, match', [
    (dict(num_classes=10), 'num_classes'), (dict(with_last_pool=True), 'with_last_pool'),
    (dict(out_indices=(6, )), 'out_indices'), (dict(out_indices=()), 'out_indices')])
def test_bad_arguments_name_the_parameter(kwargs, match):
    with pytest.raises(ValueError, match=match):
        MODELS.build(dict(type='mmrecmix.VGG_GAP', **kwargs))
