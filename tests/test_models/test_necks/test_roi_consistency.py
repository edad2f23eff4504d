"""The RoI consistency branch: coordinates, loss, gradients, and the classifier."""
import pytest
import torch
from conftest import FULL_TIER

from mmrecmix.models import RecursiveMix, RoIConsistencyNeck
from mmrecmix.registry import MODELS


def coordinate_maps(height, width, stride):
    """Channel 0 = x, channel 1 = y of each feature cell's centre, in input pixels
    minus one half (so a pixel-aligned region averages to its centre pixel index)."""
    ys = (torch.arange(height // stride) + 0.5) * stride - 0.5
    xs = (torch.arange(width // stride) + 0.5) * stride - 0.5
    grid_y, grid_x = torch.meshgrid(ys, xs, indexing='ij')
    return torch.stack([grid_x, grid_y])[None]


@pytest.mark.parametrize('stride', [1, 8, 16])
def test_roi_covers_exactly_the_pasted_region_non_square(stride, device):
    height, width = 48, 80
    box = (16, 8, 64, 40)  # 48 wide, 32 high, in input pixels
    # The paste writes rows y1:y2 and columns x1:x2.
    pasted = torch.zeros(height, width, dtype=torch.bool, device=device)
    pasted[box[1]:box[3], box[0]:box[2]] = True
    rows, cols = pasted.nonzero(as_tuple=True)
    feature = coordinate_maps(height, width, stride).repeat(2, 1, 1, 1).to(device)
    pooled = RoIConsistencyNeck(2, 3).pool(feature, box, (height, width))
    # The centre of the pasted pixels, by x (columns) and y (rows).
    expected = torch.stack([cols.float().mean(), rows.float().mean()])
    torch.testing.assert_close(pooled, expected.expand(2, 2))
    # The transposed box (the reference's old bug) would be elsewhere.
    transposed = (box[1], box[0], box[3], box[2])
    wrong = RoIConsistencyNeck(2, 3).pool(feature, transposed, (height, width))
    assert not torch.allclose(wrong, pooled)


def test_feature_rois_use_per_axis_scale():
    feature = torch.zeros(3, 4, 2, 3)  # 48x80 at stride ~32 rounds to 2x3
    rois = RoIConsistencyNeck.feature_rois((16, 8, 64, 40), 3, (48, 80), feature)
    expected = torch.tensor([16 * 3 / 80, 8 * 2 / 48, 64 * 3 / 80, 40 * 2 / 48])
    torch.testing.assert_close(rois[:, 0], torch.arange(3.))
    torch.testing.assert_close(rois[:, 1:], expected.expand(3, 4))


def test_loss_is_weighted_kl_in_float32():
    torch.manual_seed(0)
    neck = RoIConsistencyNeck(4, 5, omega=0.5)
    feature = torch.randn(2, 4, 6, 10)
    history = torch.randn(2, 5)
    loss = neck.loss(feature, (0, 0, 80, 48), 0.3, history, (48, 80))
    roi_logits = neck.fc(feature.mean((2, 3)))  # the box is the whole image
    p_hist = history.softmax(1)
    kl = (p_hist * (p_hist.log() - roi_logits.log_softmax(1))).sum(1).mean()
    torch.testing.assert_close(loss['loss_roi_consistency'], 0.5 * 0.3 * kl)
    half = neck.loss(feature.half().float(), (0, 0, 80, 48), 0.3, history.half(), (48, 80))
    assert half['loss_roi_consistency'].dtype == torch.float32


def test_gradients_reach_head_and_backbone_never_history():
    torch.manual_seed(0)
    neck = RoIConsistencyNeck(4, 5)
    backbone = torch.nn.Conv2d(3, 4, 3, stride=8, padding=1)
    history = torch.randn(2, 5, requires_grad=True)
    loss = neck.loss(backbone(torch.randn(2, 3, 48, 80)), (8, 8, 40, 32), 0.4, history,
                     (48, 80))['loss_roi_consistency']
    loss.backward()
    assert neck.fc.weight.grad.abs().sum() > 0
    assert backbone.weight.grad.abs().sum() > 0
    assert history.grad is None


def test_zero_loss_touches_every_parameter():
    neck = RoIConsistencyNeck(4, 5)
    loss = neck.zero_loss(torch.zeros(1))['loss_roi_consistency']
    loss.backward()
    assert loss.item() == 0 and neck.fc.weight.grad is not None


def test_shared_head_needs_the_classifier_fc():
    neck = RoIConsistencyNeck(4, 5, share_head=True)
    assert neck.fc is None
    with pytest.raises(ValueError, match='share_head=True'):
        neck.loss(torch.randn(1, 4, 2, 2), (0, 0, 4, 4), 0.5, torch.randn(1, 5), (4, 4))
    fc = torch.nn.Linear(4, 5)
    neck.loss(torch.randn(1, 4, 2, 2), (0, 0, 4, 4), 0.5, torch.randn(1, 5), (4, 4),
              head_fc=fc)['loss_roi_consistency'].backward()
    assert fc.weight.grad is not None


def classifier_cfg(depth=18, num_classes=10, consistency=True, augment=True):
    cfg = dict(
        type='mmrecmix.RecursiveMixClassifier',
        data_preprocessor=dict(type='ClsDataPreprocessor', num_classes=num_classes),
        backbone=dict(type='ResNet_CIFAR', depth=depth),
        neck=dict(type='GlobalAveragePooling'),
        head=dict(type='LinearClsHead', num_classes=num_classes,
                  in_channels=512 if depth < 50 else 2048,
                  loss=dict(type='CrossEntropyLoss')))
    if augment:
        cfg['train_cfg'] = dict(augments=dict(type='mmrecmix.RecursiveMix'))
    if consistency:
        cfg['consistency'] = dict(type='mmrecmix.RoIConsistencyNeck',
                                  in_channels=cfg['head']['in_channels'],
                                  num_classes=num_classes)
    return cfg


def count(parameters):
    return sum(p.numel() for p in parameters)


def test_resnet50_parameter_split_matches_paper_table10():
    cfg = classifier_cfg(depth=50, num_classes=1000)
    cfg['backbone'] = dict(type='ResNet', depth=50)
    model = MODELS.build(cfg)
    train = count(model.parameters())
    deploy = count(p for name, p in model.named_parameters()
                   if not name.startswith('consistency.'))
    assert round(train / 1e6, 2) == 27.61
    assert round(deploy / 1e6, 2) == 25.56
    assert not any(k.startswith('consistency.') for k in model.deploy_state_dict())


def test_consistency_without_recursive_mix_is_an_error():
    with pytest.raises(ValueError, match="type='mmrecmix.RecursiveMix'"):
        MODELS.build(classifier_cfg(augment=False))


def train_step_losses(model, batch_size=4, size=(16, 24)):
    from mmpretrain.structures import DataSample
    data = dict(inputs=[torch.randint(0, 255, (3, *size), dtype=torch.uint8)
                        for _ in range(batch_size)],
                data_samples=[DataSample().set_gt_label(i % 10) for i in range(batch_size)])
    data = model.data_preprocessor(data, True)
    return model(**data, mode='loss')


def test_classifier_steps_history_and_consistency():
    torch.manual_seed(0)
    model = MODELS.build(classifier_cfg())
    model.train()
    augment = model.recursive_mix
    assert isinstance(augment, RecursiveMix)
    first = train_step_losses(model)
    # No history yet: the consistency term is exactly zero but present.
    assert first['loss_roi_consistency'].item() == 0
    assert augment.history_logits is not None and not augment.history_logits.requires_grad
    augment.sample_box = lambda h, w: ((4, 2, 20, 14), 16 * 12 / (16 * 24))
    second = train_step_losses(model)
    assert second['loss_roi_consistency'].item() > 0
    sum(second.values()).backward()
    assert model.consistency.fc.weight.grad.abs().sum() > 0
    assert model.backbone.conv1.weight.grad.abs().sum() > 0


def test_non_spatial_backbone_output_is_a_clear_error():
    neck = RoIConsistencyNeck(4, 5)
    with pytest.raises(ValueError, match="4-D feature map.*out_type='featmap'"):
        neck.loss(torch.randn(2, 4), (0, 0, 4, 4), 0.5, torch.randn(2, 5), (8, 8))


def test_channel_mismatch_names_the_setting():
    neck = RoIConsistencyNeck(4, 5)
    with pytest.raises(ValueError, match='consistency.in_channels=6'):
        neck.loss(torch.randn(2, 6, 2, 2), (0, 0, 4, 4), 0.5, torch.randn(2, 5), (8, 8))


def test_negative_omega_is_rejected():
    with pytest.raises(ValueError, match='omega'):
        RoIConsistencyNeck(4, 5, omega=-1)


@FULL_TIER
@pytest.mark.parametrize('input_size,feature_size,box', [
    ((48, 80), (6, 10), (16, 8, 64, 40)),     # wide input, wide box
    ((80, 48), (10, 6), (3, 11, 21, 77)),     # tall input, tall box, off-grid corners
    ((37, 53), (5, 7), (0, 0, 53, 37)),       # rounded feature size, the whole image
    ((64, 96), (4, 6), (41, 30, 43, 31)),     # a box smaller than one feature cell
])
def test_torchvision_roi_align_equals_mmcv(input_size, feature_size, box):
    """The neck's RoIAlign (torchvision, core tier) is mmcv's (full tier) to 1e-6,
    forward and gradient, on random maps."""
    from mmcv.ops import roi_align as mmcv_roi_align
    torch.manual_seed(0)
    feature = torch.randn(3, 5, *feature_size)
    ours = feature.clone().requires_grad_()
    theirs = feature.clone().requires_grad_()
    pooled = RoIConsistencyNeck(5, 4).pool(ours, box, input_size)
    rois = RoIConsistencyNeck.feature_rois(box, 3, input_size, theirs)
    expected = mmcv_roi_align(theirs, rois, (1, 1), 1.0, 0, 'avg', True).flatten(1)
    weights = torch.randn_like(pooled)
    (pooled * weights).sum().backward()
    (expected * weights).sum().backward()
    torch.testing.assert_close(pooled, expected, atol=1e-6, rtol=0)
    torch.testing.assert_close(ours.grad, theirs.grad, atol=1e-6, rtol=0)
    assert ours.grad.abs().sum() > 0
