"""AttentiveMix and its frozen-network guide: the pasted cells and labels by hand on
planted score maps, checkpoint loading (complete, partial, unsafe), the frozen
network staying frozen, and real Runner training through GuidedMixClassifier."""
import math
import os.path as osp
from collections import OrderedDict

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from conftest import digits_cfg
from mmengine.runner import Runner

import mmrecmix  # noqa: F401
from mmrecmix.checkpoint.compat import safe_load
from mmrecmix.models.batch_augments.attentivemix import AttentiveMix
from mmrecmix.models.guides.frozen_network_guide import FrozenNetworkGuide
from mmrecmix.registry import MODELS

# A narrow ResNet-18 (widths 16-128): real mmpretrain blocks, cheap on the CPU.
SMALL_RESNET = dict(type='ResNet', depth=18, stem_channels=16, base_channels=16)


def planted_scores(shape, top_cells):
    """``(N, h, w)`` scores: noise in [0, 1), and 2 + rank on each sample's planted
    cells (``top_cells[i]``: ``(row, col)`` pairs, highest first)."""
    torch.manual_seed(3)
    score = torch.rand(shape)
    for i, cells in enumerate(top_cells):
        for rank, (r, c) in enumerate(cells):
            score[i, r, c] = 2 + len(cells) - rank
    return score


def expected_mix(inputs, source_index, cells_of, cell_of_pixel):
    """The mixed batch and pasted shares by hand, pixel by pixel."""
    n, _, height, width = inputs.shape
    mixed, share = inputs.clone(), torch.zeros(n, height, width)
    for b in range(n):
        source = int(source_index[b])
        for y in range(height):
            for x in range(width):
                if cell_of_pixel(y, x) in cells_of[source]:
                    mixed[b, :, y, x] = inputs[source, :, y, x]
                    share[b, y, x] = 1
    return mixed, share


def one_hot(n, k=5):
    return F.one_hot(torch.arange(n) % k, k).float()


def run_mix(mix, inputs, targets, score, seed):
    torch.manual_seed(seed)
    return mix(inputs.clone(), targets, score)


# ------------------------------------------------------------------ the mix

def test_pastes_exactly_the_partners_top_k_cells_non_square(device):
    # A 3x4 grid on a 6x8 image: 2x2-pixel cells.
    cells_of = [[(0, 0), (2, 3)], [(1, 1), (0, 3)], [(2, 0), (1, 2)], [(0, 1), (2, 2)]]
    score = planted_scores((4, 3, 4), cells_of)
    torch.manual_seed(0)
    inputs = torch.randn(4, 3, 6, 8)
    targets = one_hot(4)
    mixed, mixed_targets, step = run_mix(AttentiveMix(top_k=2), inputs.to(device),
                                         targets.to(device), score.to(device), seed=1)
    assert mixed.device.type == step.lam.device.type == device.type
    mixed, mixed_targets = mixed.cpu(), mixed_targets.cpu()
    step.source_index, step.lam = step.source_index.cpu(), step.lam.cpu()
    step.source_share = step.source_share.cpu()
    source = step.source_index
    assert sorted(source.tolist()) == [0, 1, 2, 3]
    if device.type == 'cpu':  # CUDA's permutation stream differs
        assert (source != torch.arange(4)).any()
    hand_mixed, hand_share = expected_mix(
        inputs, source, [set(c) for c in cells_of], lambda y, x: (y // 2, x // 2))
    assert torch.equal(mixed, hand_mixed)
    assert torch.equal(step.source_share, hand_share)
    # 2 cells of 12 pasted: lam = 1 - 2 / 12 for every sample.
    torch.testing.assert_close(step.lam, torch.full((4, ), 10 / 12))
    hand_targets = 10 / 12 * targets + 2 / 12 * targets[source]
    torch.testing.assert_close(mixed_targets, hand_targets)
    torch.testing.assert_close(mixed_targets.sum(1), torch.ones(4))
    assert torch.equal(mixed_targets, step.mix_targets(targets))


def test_grid_that_does_not_divide_the_image_counts_pasted_pixels_per_sample():
    # A 3x4 grid on a 7x10 image: pixel (y, x) is in cell (y*3//7, x*4//10), so
    # cells hold 2 to 9 pixels and each sample's label follows its own cells.
    cells_of = [[(0, 0)], [(2, 3)], [(1, 1)]]
    score = planted_scores((3, 3, 4), cells_of)
    torch.manual_seed(0)
    inputs = torch.randn(3, 2, 7, 10)
    targets = torch.softmax(torch.randn(3, 6), dim=1)  # soft labels
    mixed, mixed_targets, step = run_mix(AttentiveMix(top_k=1), inputs, targets,
                                         score, seed=2)
    hand_mixed, hand_share = expected_mix(
        inputs, step.source_index, [set(c) for c in cells_of],
        lambda y, x: (y * 3 // 7, x * 4 // 10))
    assert torch.equal(mixed, hand_mixed)
    assert torch.equal(step.source_share, hand_share)
    # Cell (0, 0): rows 0-2 x cols 0-2 = 9 px; (2, 3): rows 5-6 x cols 8-9 = 4 px;
    # (1, 1): rows 3-4 x cols 3-4 = 4 px; of 70.
    pixels = {0: 9, 1: 4, 2: 4}
    hand_lam = torch.tensor([1 - pixels[int(s)] / 70 for s in step.source_index])
    torch.testing.assert_close(step.lam, hand_lam)
    torch.testing.assert_close(
        mixed_targets, hand_lam[:, None] * targets +
        (1 - hand_lam[:, None]) * targets[step.source_index])
    torch.testing.assert_close(mixed_targets.sum(1), torch.ones(3))


def test_beta_variant_draws_k_from_the_ratio_and_labels_by_it():
    """OpenMixup's AttentiveMix+: k = clip(int(49 lam), 1, 49), lam ~ Beta(2, 2)."""
    mix = AttentiveMix(top_k=None, alpha=2.0)
    np.random.seed(0)
    shares = np.array([mix.num_cells(49) / 49 for _ in range(4000)])
    # E[floor(49 lam)] / 49 = 0.5 - about 0.5 / 49; sd of the mean 0.0035.
    assert abs(shares.mean() - (0.5 - 0.5 / 49)) < 0.012
    assert shares.min() >= 1 / 49 and shares.max() <= 1
    assert abs(shares.std() - math.sqrt(1 / 20)) < 0.01  # Beta(2, 2): var 1/20
    # Every call pastes the k it drew: lam = 1 - k / 49 on a 7x7 map of 14x14 px.
    score = torch.rand(3, 7, 7)
    inputs = torch.randn(3, 3, 14, 14)
    for seed in range(5):
        np.random.seed(seed)
        k = mix.num_cells(49)
        np.random.seed(seed)
        _, targets, step = run_mix(mix, inputs, one_hot(3), score, seed)
        torch.testing.assert_close(step.lam, torch.full((3, ), 1 - k / 49))
        assert int(step.source_share.sum()) == 3 * k * 4
        torch.testing.assert_close(targets.sum(1), torch.ones(3))
    # A one-cell map still pastes one cell.
    assert all(mix.num_cells(1) == 1 for _ in range(20))


@pytest.mark.parametrize('kwargs, match', [
    (dict(top_k=0), 'top_k must be an int >= 1'),
    (dict(top_k=2.5), 'top_k must be an int >= 1'),
    (dict(top_k=True), 'top_k must be an int >= 1'),
    (dict(top_k=None), 'set alpha'),
    (dict(top_k=None, alpha=0.0), r'alpha must be a number in \(0'),
    (dict(top_k=6, alpha=2.0), 'alpha=2.0 is only used with top_k=None'),
])
def test_bad_arguments_name_the_parameter(kwargs, match):
    with pytest.raises(ValueError, match=match):
        AttentiveMix(**kwargs)


def test_bad_calls_say_what_is_expected():
    mix = AttentiveMix(top_k=6)
    inputs = torch.randn(2, 3, 8, 8)
    with pytest.raises(ValueError, match='top_k=6 exceeds the 4 cells'):
        mix(inputs, one_hot(2), torch.rand(2, 2, 2))
    with pytest.raises(ValueError, match='needs an \\(N, h, w\\) cell score'):
        mix(inputs, one_hot(2), None)
    with pytest.raises(ValueError, match='needs an \\(N, h, w\\) cell score'):
        mix(inputs, one_hot(2), torch.rand(2, 16))
    with pytest.raises(ValueError, match='one-hot them first'):
        mix(inputs, torch.tensor([0, 1]), torch.rand(2, 3, 3))


# ------------------------------------------------------------------ the guide

def small_resnet(seed=0):
    torch.manual_seed(seed)
    network = MODELS.build(SMALL_RESNET)
    network.init_weights()
    # Non-trivial statistics, so that a frozen copy that updates them is caught.
    for module in network.modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            module.running_mean.uniform_(-0.1, 0.1)
            module.running_var.uniform_(0.5, 1.5)
    return network


def random_guide(**kwargs):
    return FrozenNetworkGuide(SMALL_RESNET, allow_random_weights=True, **kwargs)


def saved(state, path, prefix=''):
    torch.save(dict(state_dict=OrderedDict((prefix + k, v) for k, v in state.items()),
                    meta=dict(note='written by the test')), path)
    return str(path)


def assert_same_weights(module, state):
    actual = module.state_dict()
    assert set(actual) == set(state)
    for key, value in state.items():
        assert torch.equal(actual[key], value), key


def test_score_is_the_channel_mean_of_the_last_map_non_square(device):
    guide = random_guide(input_size=(64, 96)).to(device)  # the batch's own size
    x = torch.randn(2, 3, 64, 96, device=device)
    guidance = guide.guidance(None, x, None)
    expected = guide.backbone(x)[-1].mean(dim=1)
    assert guidance.score.shape == (2, 2, 3)
    torch.testing.assert_close(guidance.score, expected)
    assert not guidance.score.requires_grad
    assert guidance.clean_logits is None and guidance.losses == {}
    # The default: bilinear resize to 224 x 224 first, a 7x7 map.
    resized = random_guide().to(device)
    resized.load_state_dict(guide.state_dict())
    expected = guide.backbone(F.interpolate(x, size=(224, 224), mode='bilinear'))
    torch.testing.assert_close(resized.guidance(None, x, None).score,
                               expected[-1].mean(dim=1))


@pytest.mark.parametrize('size', [(96, 96), (64, 96)])
def test_top6_pastes_6_of_49_cells_at_any_crop(size):
    """The guide's grid is 7x7 whatever the crop (without the resize: 3x3 at 96 px,
    where top 6 pasted 2/3 of the image, and 2x3 at 64x96, all of it)."""
    torch.manual_seed(0)
    inputs = torch.randn(8, 3, *size)
    score = random_guide().guidance(None, inputs, None).score
    assert score.shape == (8, 7, 7)
    _, _, step = run_mix(AttentiveMix(top_k=6), inputs, one_hot(8), score, seed=0)
    # 6 cells of 7 x 7 on the image: each is floor or ceil of H/7 x W/7 pixels.
    (height, width), pixels = size, size[0] * size[1]
    share = step.source_share.sum((1, 2)) / pixels
    low = 6 * (height // 7) * (width // 7) / pixels
    high = 6 * -(-height // 7) * -(-width // 7) / pixels
    assert ((share >= low) & (share <= high)).all(), share
    assert abs(share.mean().item() - 6 / 49) < 0.01
    torch.testing.assert_close(step.lam, 1 - share)


def test_the_network_is_frozen_and_stays_in_eval_mode():
    guide = random_guide()
    assert all(not p.requires_grad for p in guide.parameters())
    guide.train()
    assert not guide.training
    assert all(not m.training for m in guide.modules())
    x = torch.randn(2, 3, 32, 32, requires_grad=True)
    assert not guide.guidance(None, x, None).score.requires_grad


def test_full_checkpoints_load_plain_classifier_and_torchvision(tmp_path):
    source = small_resnet(seed=5).state_dict()
    plain = saved(source, tmp_path / 'plain.pth')
    assert_same_weights(FrozenNetworkGuide(SMALL_RESNET, plain).backbone, source)
    # An mmpretrain classifier checkpoint: its backbone. keys, the head ignored.
    classifier = saved(source, tmp_path / 'classifier.pth', prefix='backbone.')
    state = torch.load(classifier)
    state['state_dict']['head.fc.weight'] = torch.zeros(3, 128)
    torch.save(state, classifier)
    assert_same_weights(FrozenNetworkGuide(SMALL_RESNET, classifier).backbone, source)
    # A torchvision classifier: the same names plus fc, dropped on request.
    torchvision = saved(dict(source, **{'fc.weight': torch.zeros(3, 128),
                                        'fc.bias': torch.zeros(3)}),
                        tmp_path / 'torchvision.pth')
    guide = FrozenNetworkGuide(SMALL_RESNET, torchvision, drop_prefixes=('fc.', ))
    assert_same_weights(guide.backbone, source)
    with pytest.raises(ValueError, match='unexpected keys: fc.bias, fc.weight'):
        FrozenNetworkGuide(SMALL_RESNET, torchvision)


def test_partial_checkpoints_raise_naming_the_keys(tmp_path):
    source = small_resnet().state_dict()
    missing = {k: v for k, v in source.items() if not k.startswith('layer4.1.conv2')}
    with pytest.raises(ValueError, match=r'missing keys: layer4\.1\.conv2\.weight'):
        FrozenNetworkGuide(SMALL_RESNET, saved(missing, tmp_path / 'missing.pth'))
    extra = dict(source, **{'neck.proj.weight': torch.zeros(2)})
    with pytest.raises(ValueError, match=r'unexpected keys: neck\.proj\.weight'):
        FrozenNetworkGuide(SMALL_RESNET, saved(extra, tmp_path / 'extra.pth'))
    # A wrong prefix leaves everything missing, and says so.
    with pytest.raises(ValueError, match=r'missing keys: .*\(\+\d+ more\)'):
        FrozenNetworkGuide(SMALL_RESNET, saved(source, tmp_path / 'p.pth', 'model.'),
                           prefix='backbone.')


class NotATensor:
    """Something a checkpoint must not be allowed to rebuild."""


def test_checkpoint_files_are_checked_and_loaded_safely(tmp_path):
    with pytest.raises(FileNotFoundError, match='model.guide.checkpoint=PATH'):
        FrozenNetworkGuide(SMALL_RESNET, str(tmp_path / 'nowhere.pth'))
    full = saved(small_resnet().state_dict(), tmp_path / 'full.pth')
    cut = tmp_path / 'cut.pth'
    cut.write_bytes(open(full, 'rb').read()[:1000])
    with pytest.raises(ValueError, match='not a complete checkpoint'):
        FrozenNetworkGuide(SMALL_RESNET, str(cut))
    crafted = tmp_path / 'crafted.pth'
    torch.save(dict(state_dict={}, payload=NotATensor()), crafted)
    with pytest.raises(ValueError, match='contains code, refused .*NotATensor') as caught:
        FrozenNetworkGuide(SMALL_RESNET, str(crafted))
    assert 'weights_only' not in str(caught.value)  # torch's advice left out


@pytest.mark.parametrize('kwargs, error, match', [
    (dict(backbone=SMALL_RESNET), ValueError, 'allow_random_weights=True for tests'),
    (dict(backbone=SMALL_RESNET, checkpoint='a.pth', allow_random_weights=True),
     ValueError, 'drop one of them'),
    (dict(backbone='ResNet', allow_random_weights=True), ValueError,
     'backbone must be a config dict'),
    (dict(backbone=SMALL_RESNET, allow_random_weights=True, input_size=0),
     ValueError, r'input_size must be an int >= 1 or a \(height, width\) pair'),
    (dict(backbone=SMALL_RESNET, allow_random_weights=True, input_size=(224, )),
     ValueError, 'input_size must be an int >= 1'),
    (dict(backbone=SMALL_RESNET, allow_random_weights=True, drop_prefixes='fc.'),
     ValueError, 'drop_prefixes must be a sequence'),
    # An earlier release's option: named with its replacement, not a TypeError.
    (dict(backbone=SMALL_RESNET, allow_random_weights=True, input_height=None),
     ValueError, r'input_height=None was removed; use input_size, .* e\.g\. input_size=224\.$'),
    (dict(backbone=SMALL_RESNET, allow_random_weights=True, input_height=96),
     ValueError, r'input_height=96 was removed; use input_size, .* e\.g\. input_size=96\.$'),
    (dict(backbone=SMALL_RESNET, allow_random_weights=True, input_hight=96),
     TypeError, "unexpected keyword argument 'input_hight'"),
])
def test_bad_guide_arguments_name_the_parameter(kwargs, error, match):
    with pytest.raises(error, match=match):
        FrozenNetworkGuide(**kwargs)


def test_a_network_without_a_feature_map_is_refused():
    guide = FrozenNetworkGuide(
        backbone=dict(type='VisionTransformer', arch='deit-tiny', img_size=32,
                      patch_size=16, out_type='cls_token'),
        allow_random_weights=True)
    with pytest.raises(ValueError, match="out_type='featmap'"):
        guide.guidance(None, torch.randn(1, 3, 32, 32), None)


# ------------------------------------------------------------------ training

def model_cfg(checkpoint):
    return dict(
        type='mmrecmix.GuidedMixClassifier',
        data_preprocessor=dict(type='ClsDataPreprocessor', num_classes=10),
        backbone=SMALL_RESNET,
        neck=dict(type='GlobalAveragePooling'),
        head=dict(type='LinearClsHead', num_classes=10, in_channels=128),
        # Would reach the frozen network's convolutions if the guide did not
        # restore its checkpoint in init_weights.
        init_cfg=dict(type='Kaiming', layer='Conv2d'),
        mix=dict(type='mmrecmix.AttentiveMix', top_k=2),
        guide=dict(type='mmrecmix.FrozenNetworkGuide', backbone=SMALL_RESNET,
                   checkpoint=checkpoint))


def test_runner_trains_with_the_frozen_network_untouched(tmp_path):
    pretrained = small_resnet(seed=7).state_dict()
    checkpoint = saved(pretrained, tmp_path / 'pretrained.pth', prefix='backbone.')
    cfg = digits_cfg(tmp_path / 'work', dict(_delete_=True, **model_cfg(checkpoint)),
                     size=(96, 64), batch_size=6, train_size=18, lr=1e-3)  # 64 x 96
    runner = Runner.from_cfg(cfg)
    model = runner.model
    trained_before = {k: v.clone() for k, v in model.backbone.state_dict().items()}
    runner.train()
    assert math.isfinite(runner.message_hub.get_scalar('train/loss').current())
    # The frozen network: the checkpoint's weights and statistics, bit for bit,
    # after init_weights and 3 steps; no gradient, no optimizer state.
    assert_same_weights(model.guide.backbone, pretrained)
    frozen = list(model.guide.parameters())
    assert all(p.grad is None and not p.requires_grad for p in frozen)
    state = runner.optim_wrapper.optimizer.state
    assert not any(p in state for p in frozen)
    assert any(p in state for p in model.backbone.parameters())
    assert any(not torch.equal(trained_before[k], v)
               for k, v in model.backbone.state_dict().items())
    model.train()
    assert model.backbone.training and not model.guide.training
    assert not any(m.training for m in model.guide.modules())
    # The saved classifier carries the frozen network and tests from it.
    saved_state = safe_load(osp.join(cfg.work_dir, 'epoch_1.pth'))['state_dict']
    assert torch.equal(saved_state['guide.backbone.conv1.weight'],
                       pretrained['conv1.weight'])
    cfg.load_from = osp.join(cfg.work_dir, 'epoch_1.pth')
    cfg.experiment_name = 'attentivemix_test'
    metrics = Runner.from_cfg(cfg).test()
    assert 0 <= metrics['accuracy/top1'] <= 100
