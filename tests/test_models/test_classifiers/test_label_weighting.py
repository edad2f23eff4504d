"""GuidedMixClassifier(label_weighting='batch_mean'): OpenMixup's DeiT / Swin head
loss, by hand and against a transcription of that head."""
import math

import pytest
import torch
from mmpretrain.models import LabelSmoothLoss
from mmpretrain.structures import DataSample

from mmrecmix.models import GuidedMixStep
from mmrecmix.registry import BATCH_AUGMENTS, MODELS

NUM_CLASSES = 3
LAM = torch.tensor([0.2, 0.5, 0.8])  # share of each sample's own label
SOURCE = torch.tensor([1, 2, 0])  # its partner


@BATCH_AUGMENTS.register_module(force=True)
class _KnownLamMix:
    """Test mix: pixels unchanged, per-sample lam LAM, partners SOURCE."""

    def __call__(self, inputs, targets, score):
        step = GuidedMixStep(lam=LAM.clone(), source_index=SOURCE.clone())
        return inputs, step.mix_targets(targets), step


def model(label_weighting, head_loss=dict(type='CrossEntropyLoss')):
    return MODELS.build(dict(
        type='mmrecmix.GuidedMixClassifier',
        data_preprocessor=dict(type='ClsDataPreprocessor', num_classes=NUM_CLASSES),
        backbone=dict(type='VisionTransformer', img_size=16, patch_size=8,
                      arch=dict(embed_dims=8, num_layers=1, num_heads=2,
                                feedforward_channels=16)),
        neck=None,
        head=dict(type='VisionTransformerClsHead', num_classes=NUM_CLASSES,
                  in_channels=8, loss=head_loss),
        mix=dict(type='mmrecmix._KnownLamMix'), guide=None, token_head=None,
        label_weighting=label_weighting))


def batch():
    inputs = torch.randn(3, 3, 16, 16, generator=torch.Generator().manual_seed(0))
    return inputs, [DataSample().set_gt_label(i) for i in range(3)]


@pytest.mark.parametrize('weighting, expected', [
    # Logits log(1, 2, 3) for every sample: -log p = (log 6, log 3, log 2).
    # Per sample: (1/3)[0.2 log 6 + 0.8 log 3 + 0.5 log 3 + 0.5 log 2 + 0.8 log 2
    #                   + 0.2 log 6] = (1/3)(0.4 + 1.3) log 6.
    ('per_sample', 1.7 / 3 * math.log(6)),
    # Batch mean 0.5: each sample half its own class, half its partner's:
    # (1/3)(0.5)(2)(log 6 + log 3 + log 2) = (2/3) log 6.
    ('batch_mean', 2 / 3 * math.log(6)),
])
def test_three_samples_by_hand(weighting, expected):
    net = model(weighting)
    fc = net.head.layers.head
    torch.nn.init.zeros_(fc.weight)
    with torch.no_grad():
        fc.bias.copy_(torch.log(torch.tensor([1.0, 2.0, 3.0])))
    loss = net.loss(*batch())['loss']
    assert loss.item() == pytest.approx(expected, rel=1e-6)


def test_equals_openmixup_s_vit_head_with_label_smoothing():
    """OpenMixup (37e1372) vision_transformer_head.py VisionTransformerClsHead.loss:
    ``criterion(score, y_a) * lam + criterion(score, y_b) * (1 - lam)`` with each
    criterion a batch mean and lam viewed (N, 1); base_model._parse_losses then takes
    the mean."""
    smooth = dict(type='LabelSmoothLoss', label_smooth_val=0.1, mode='original')
    net = model('batch_mean', head_loss=smooth)
    inputs, samples = batch()
    loss = net.loss(inputs, samples)['loss']
    with torch.no_grad():
        logits = net.head(net.extract_feat(inputs))
    criterion = LabelSmoothLoss(label_smooth_val=0.1, mode='original',
                                num_classes=NUM_CLASSES)
    y_a = torch.arange(3)
    lam = LAM.view(-1, 1)
    theirs = (criterion(logits, y_a, avg_factor=3) * lam
              + criterion(logits, y_a[SOURCE], avg_factor=3) * (1 - lam)).mean()
    assert loss.item() == pytest.approx(theirs.item(), rel=1e-5)
    per_sample = model('per_sample', head_loss=smooth)
    per_sample.load_state_dict(net.state_dict())
    assert per_sample.loss(inputs, samples)['loss'].item() != pytest.approx(
        theirs.item(), rel=1e-3)


def test_unknown_weighting_is_refused():
    with pytest.raises(ValueError, match='label_weighting'):
        model('mean')
