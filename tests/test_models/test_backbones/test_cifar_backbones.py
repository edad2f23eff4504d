"""The CIFAR backbones of the papers' tables: PyramidNet (CutMix T5-T8, RecursiveMix
T1-T3), WideResNet (AutoMix T1) and ResNeXt_CIFAR (AutoMix's RX-50). Parameter counts
against the papers, stage shapes on non-square inputs, the stage modules named by
``res_layers``, PyramidNet's zero-padded shortcut, and two training iterations of each
through mmengine's Runner on generated CIFAR-100 batches."""
import math
import os.path as osp

import mmpretrain.datasets.cifar
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
from conftest import REPO_ROOT
from mmengine.config import Config
from mmengine.runner import Runner

import mmrecmix  # noqa: F401  (registers the backbones)
from mmrecmix.models.backbones.pyramidnet import (PyramidUnit, drop_path_rates,
                                                  pyramid_widths, zero_padded_shortcut)
from mmrecmix.models.backbones.wide_resnet import WideBasicBlock
from mmrecmix.registry import MODELS

CIFAR100_CONFIG = osp.join(REPO_ROOT, 'configs', 'cifar',
                           'resnet18_2xb64-200e_cifar100.py')
# Small members of each family, for the tests that run them.
SHALLOW = {
    'PyramidNet': dict(type='mmrecmix.PyramidNet', depth=20, alpha=48),
    'WideResNet': dict(type='mmrecmix.WideResNet', depth=10, widen_factor=2),
    'ResNeXt_CIFAR': dict(type='mmrecmix.ResNeXt_CIFAR', depth=50),
}
ZAGORUYKO_WRN = dict(act_cfg=dict(type='ReLU'), norm_cfg=dict(type='BN'),
                     conv_bias=False, preact_shortcut='all')


def num_params(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def with_linear_head(backbone_params: int, channels: int, num_classes: int) -> int:
    return backbone_params + channels * num_classes + num_classes


def build(cfg, **kwargs):
    return MODELS.build(dict(cfg, **kwargs))


def in_eval_mode(model: nn.Module) -> nn.Module:
    # mmpretrain's ResNet.train returns None, so ``.eval()`` cannot be chained.
    model.eval()
    return model


# ---------------------------------------------------------------- parameter counts
@pytest.mark.parametrize(
    'depth, alpha, backbone, with_100, with_10, channels, conv_weights, paper_m', [
        # CutMix paper: "26.8 M" = every parameter of the CIFAR-100 model.
        (200, 240, 26_742_452, 26_844_952, 26_752_702, 1024, 26_560_468, 26.6),
        (164, 270, 27_204_571, 27_319_071, 27_216_021, 1144, 27_038_727, 27.0),
    ])
def test_pyramidnet_parameter_counts(depth, alpha, backbone, with_100, with_10,
                                     channels, conv_weights, paper_m):
    model = build(dict(type='mmrecmix.PyramidNet'), depth=depth, alpha=alpha)
    assert model.out_channels[-1] == channels == 4 * (16 + alpha)
    assert num_params(model) == backbone
    assert with_linear_head(backbone, channels, 100) == with_100
    assert with_linear_head(backbone, channels, 10) == with_10
    # The PyramidNet paper's Table 4 figures are the conv weights' count.
    conv = sum(num_params(m) for m in model.modules() if isinstance(m, nn.Conv2d))
    assert conv == conv_weights and round(conv / 1e6, 1) == paper_m
    if depth == 200:
        assert round(with_100 / 1e6, 1) == 26.8


@pytest.mark.parametrize('alpha, backbone, channels', [
    (48, 1_772_056, 64), (64, 2_615_566, 80)])
def test_basic_pyramidnet_110_parameter_counts(alpha, backbone, channels):
    model = build(dict(type='mmrecmix.PyramidNet'), depth=110, alpha=alpha,
                  bottleneck=False)
    assert model.out_channels[-1] == channels == 16 + alpha
    assert num_params(model) == backbone


def test_pyramidnet_110_of_cutmix_table_6_is_the_bottleneck_one():
    """CutMix Table 6's PyramidNet-110 (alpha 64), "1.7 M": the reference's default
    bottleneck units (train.py has only --no-bottleneck; 110 = 9 x 12 + 2), 1.73 M
    with the 100-class head. The basic network of that depth and alpha (110 = 6 x 18
    + 2) has 2.6 M; 1.7 M basic is the PyramidNet paper's alpha 48 (above)."""
    model = build(dict(type='mmrecmix.PyramidNet'), depth=110, alpha=64)
    assert [len(stage) for stage in pyramid_widths(110, 64, bottleneck=True)] == [12] * 3
    assert model.out_channels[-1] == 320 == 4 * (16 + 64)
    assert num_params(model) == 1_693_200
    assert with_linear_head(1_693_200, 320, 100) == 1_725_300
    assert round(1_725_300 / 1e6, 1) == 1.7
    assert round(with_linear_head(2_615_566, 80, 100) / 1e6, 1) == 2.6


def test_wide_resnet_parameter_counts():
    openmixup = build(dict(type='mmrecmix.WideResNet'))
    assert openmixup.out_channels == (128, 256, 512)
    assert num_params(openmixup) == 23_357_792
    assert with_linear_head(23_357_792, 512, 100) == 23_409_092
    assert with_linear_head(23_357_792, 512, 10) == 23_362_922
    zagoruyko = build(dict(type='mmrecmix.WideResNet'), **ZAGORUYKO_WRN)
    assert num_params(zagoruyko) == 23_349_712
    assert round(with_linear_head(23_349_712, 512, 100) / 1e6, 1) == 23.4
    # WRN-28-10 on CIFAR-10: the paper's 36.5 M.
    wrn_28_10 = build(dict(type='mmrecmix.WideResNet'), widen_factor=10,
                      **ZAGORUYKO_WRN)
    assert with_linear_head(num_params(wrn_28_10), 640, 10) == 36_479_194


def test_resnext_cifar_parameter_counts():
    model = build(SHALLOW['ResNeXt_CIFAR'])
    assert num_params(model) == 22_972_224
    assert with_linear_head(22_972_224, 2048, 100) == 23_177_124
    assert with_linear_head(22_972_224, 2048, 10) == 22_992_714
    # AutoMix T11 gives RX-50 on Tiny-ImageNet (200 classes) 23.38 M.
    assert round(with_linear_head(22_972_224, 2048, 200) / 1e6, 2) == 23.38


# ------------------------------------------------------------------ architecture
def test_pyramid_widths_grow_by_alpha_over_n():
    # depth 20 = 9 * 2 + 2: 6 units, 48 / 6 = 8 channels per unit.
    assert pyramid_widths(20, 48, bottleneck=True) == [[24, 32], [40, 48], [56, 64]]
    # 164 / 270: 54 units of step 5, from 21 to 16 + 270.
    widths = sum(pyramid_widths(164, 270, bottleneck=True), [])
    assert widths == list(range(21, 287, 5))
    # 200 / 240: step 240 / 66, rounded from the running sum.
    widths = sum(pyramid_widths(200, 240, bottleneck=True), [])
    assert (widths[0], widths[21], widths[-1]) == (20, 96, 256)
    assert pyramid_widths(8, 6, bottleneck=False) == [[18], [20], [22]]


def test_zero_padded_shortcut_by_hand():
    x = torch.arange(9.).reshape(1, 1, 3, 3)
    padded = zero_padded_shortcut(x, out_channels=3, stride=2)
    # 2x2 means rounding up on the odd 3x3 map: edge windows average what they cover.
    expected = torch.tensor([[2., 3.5], [6.5, 8.]])
    assert padded.shape == (1, 3, 2, 2)
    torch.testing.assert_close(padded[0, 0], expected)
    assert not padded[0, 1:].any()
    torch.testing.assert_close(zero_padded_shortcut(x, 2, stride=1)[0, 0], x[0, 0])


@pytest.mark.parametrize('bottleneck, stride, width, channels', [
    (True, 2, 12, 48), (False, 1, 20, 20), (False, 2, 20, 20)])
def test_pyramid_unit_adds_the_zero_padded_input(bottleneck, stride, width, channels):
    unit = PyramidUnit(16, width, stride=stride, bottleneck=bottleneck).eval()
    x = torch.randn(2, 16, 9, 14)
    with torch.no_grad():
        out, residual = unit(x), unit.residual(x)
    size = (5, 7) if stride == 2 else (9, 14)
    assert out.shape == (2, channels, *size) == residual.shape
    shortcut = out - residual
    pooled = F.avg_pool2d(x, 2, 2, ceil_mode=True) if stride == 2 else x
    torch.testing.assert_close(shortcut[:, :16], pooled)
    assert shortcut[:, 16:].abs().max() < 1e-6


def test_drop_path_rates_grow_linearly_to_the_last_unit():
    """Huang et al.'s linear rule: unit l of L drops with l / L * rate."""
    assert drop_path_rates(4, 0.2) == pytest.approx([0.05, 0.1, 0.15, 0.2])
    model = build(SHALLOW['PyramidNet'], drop_path_rate=0.25)
    units = [m for m in model.modules() if isinstance(m, PyramidUnit)]
    assert [u.drop_path.drop_prob for u in units] == pytest.approx(
        [0.25 * unit / 6 for unit in range(1, 7)])
    assert units[-1] is model.layer3[1] and units[-1].drop_path.drop_prob == 0.25
    plain = build(SHALLOW['PyramidNet'])
    assert all(isinstance(u.drop_path, nn.Identity) for u in plain.modules()
               if isinstance(u, PyramidUnit))
    assert plain.state_dict().keys() == model.state_dict().keys()
    with pytest.raises(ValueError, match='drop_path_rate'):
        build(SHALLOW['PyramidNet'], drop_path_rate=1.0)


def test_drop_path_keeps_evaluation_and_drops_a_branch_with_its_rate():
    """Evaluation: the network with drop path computes what it computes without.
    Training: the last unit's branch is dropped per sample with probability 0.25
    (the output is then the shortcut alone), otherwise scaled by 1 / 0.75."""
    torch.manual_seed(0)
    model = build(SHALLOW['PyramidNet'], drop_path_rate=0.25)
    plain = build(SHALLOW['PyramidNet'])
    plain.load_state_dict(model.state_dict())
    x = torch.randn(3, 3, 12, 20)
    with torch.no_grad():
        torch.testing.assert_close(in_eval_mode(model)(x)[-1], in_eval_mode(plain)(x)[-1])
    last = model.layer3[1]
    last.train()
    features = torch.randn(4000, last.residual.norm_in.num_features, 2, 2)
    last.residual.eval()  # fixed BN: the branch is a function of the input alone
    with torch.no_grad():
        branch = last.residual(features)
        shortcut = zero_padded_shortcut(features, last.out_channels, last.stride)
        out = last(features)
    dropped = (out - shortcut).flatten(1).abs().amax(1) == 0
    kept = ~dropped
    torch.testing.assert_close(out[kept], shortcut[kept] + branch[kept] / 0.75)
    assert abs(dropped.float().mean().item() - 0.25) < 0.03  # 4000 draws: sd 0.007


def test_wide_block_projection_reads_the_preactivation_when_asked():
    torch.manual_seed(0)
    x = torch.randn(2, 16, 8, 12)
    for preact in (True, False):
        block = WideBasicBlock(16, 32, stride=2, preact_shortcut=preact).eval()
        with torch.no_grad():
            preactivated = block.act1(block.norm1(x))
            branch = block.conv2(block.act2(block.norm2(block.conv1(preactivated))))
            expected = branch + block.projection(preactivated if preact else x)
            torch.testing.assert_close(block(x), expected)
    identity = WideBasicBlock(16, 16).eval()
    assert identity.projection is None


def test_wide_resnet_feeds_preactivation_only_to_the_first_projection():
    model = build(dict(type='mmrecmix.WideResNet'), depth=10, widen_factor=2)
    assert [getattr(model, name)[0].preact_shortcut for name in model.res_layers] == [
        True, False, False]
    original = build(dict(type='mmrecmix.WideResNet'), depth=10, **ZAGORUYKO_WRN)
    assert all(getattr(original, name)[0].preact_shortcut
               for name in original.res_layers)
    assert original.stem.bias is None and isinstance(original.layer3.final_act, nn.ReLU)


def test_resnext_cifar_has_the_cifar_stem_and_grouped_bottlenecks():
    model = build(SHALLOW['ResNeXt_CIFAR'])
    assert (model.conv1.kernel_size, model.conv1.stride) == ((3, 3), (1, 1))
    assert not any(isinstance(m, nn.MaxPool2d) for m in model.modules())
    block = model.layer1[0]
    assert (block.conv2.groups, block.conv2.in_channels) == (32, 128)
    assert model.layer4[0].conv2.in_channels == 32 * 4 * 8


@pytest.mark.parametrize('name', list(SHALLOW))
def test_stage_shapes_non_square(name, device):
    # 2x3x32x48: stage 1 at the input size, each strided stage halves it.
    model = in_eval_mode(build(SHALLOW[name], out_indices=(0, 1, 2)).to(device))
    with torch.no_grad():
        feats = model(torch.randn(2, 3, 32, 48, device=device))
    assert isinstance(feats, tuple) and len(feats) == 3
    assert [f.shape[2:] for f in feats] == [(32, 48), (16, 24), (8, 12)]
    channels = {'PyramidNet': [128, 192, 256], 'WideResNet': [32, 64, 128],
                'ResNeXt_CIFAR': [256, 512, 1024]}[name]
    assert [f.shape[1] for f in feats] == channels
    for index in range(3):  # one stage at a time
        model.out_indices = (index, )
        with torch.no_grad():
            (single, ) = model(torch.randn(1, 3, 8, 12, device=device))
        assert single.shape == (1, channels[index], 8 >> index, 12 >> index)


def test_pyramidnet_odd_sizes_round_up_like_the_strided_conv():
    model = build(SHALLOW['PyramidNet'], out_indices=(0, 1, 2)).eval()
    with torch.no_grad():
        feats = model(torch.randn(1, 3, 33, 47))
    assert [f.shape[2:] for f in feats] == [(33, 47), (17, 24), (9, 12)]


@pytest.mark.parametrize('cfg, channels', [
    (dict(type='mmrecmix.PyramidNet'), (384, 704, 1024)),
    (dict(type='mmrecmix.PyramidNet', depth=164, alpha=270), (424, 784, 1144)),
    (dict(type='mmrecmix.WideResNet'), (128, 256, 512)),
], ids=['pyramidnet200', 'pyramidnet164', 'wrn28_8'])
def test_full_size_stage_shapes(cfg, channels):
    model = build(cfg, out_indices=(0, 1, 2)).eval()
    assert model.out_channels == channels
    with torch.no_grad():
        feats = model(torch.randn(1, 3, 8, 12))
    assert [tuple(f.shape[1:]) for f in feats] == [
        (channels[0], 8, 12), (channels[1], 4, 6), (channels[2], 2, 3)]


@pytest.mark.parametrize('name', list(SHALLOW))
def test_res_layers_output_the_stage_features(name):
    model = in_eval_mode(build(SHALLOW[name], out_indices=(0, 1, 2)))
    assert model.res_layers[:3] == ['layer1', 'layer2', 'layer3']
    seen = []
    for layer in model.res_layers[:3]:
        getattr(model, layer).register_forward_hook(
            lambda module, args, output: seen.append(output))
    with torch.no_grad():
        feats = model(torch.randn(2, 3, 16, 24))
    assert len(seen) == 3
    for hooked, returned in zip(seen, feats):
        assert torch.equal(hooked, returned)


@pytest.mark.parametrize('name, activation', [
    ('PyramidNet', F.relu), ('WideResNet', lambda x: F.leaky_relu(x, 0.1))])
def test_last_stage_ends_with_bn_and_activation(name, activation):
    model = build(SHALLOW[name], out_indices=(2, ))
    names = [child for child, _ in model.layer3.named_children()][-2:]
    assert names == ['final_norm', 'final_act']
    normed = []
    model.layer3.final_norm.register_forward_hook(
        lambda module, args, output: normed.append(output.clone()))
    (feat, ) = model(torch.randn(2, 3, 16, 24))
    # In training mode the BN output is standardised per channel.
    torch.testing.assert_close(normed[0].mean((0, 2, 3)), torch.zeros(feat.shape[1]),
                               atol=1e-5, rtol=0)
    torch.testing.assert_close(feat, activation(normed[0]))


@pytest.mark.parametrize('name', ['PyramidNet', 'WideResNet'])
def test_frozen_stages_and_norm_eval(name):
    model = build(SHALLOW[name], frozen_stages=1, norm_eval=True)
    model.train()
    for part in (model.stem, model.layer1):
        assert not any(p.requires_grad for p in part.parameters())
        assert not any(m.training for m in part.modules())
    assert all(p.requires_grad for p in model.layer2.parameters())
    assert model.layer2.training
    assert not any(m.training for m in model.modules()
                   if isinstance(m, nn.BatchNorm2d))


def test_pyramidnet_init_is_the_reference_he_normal():
    torch.manual_seed(0)
    model = build(dict(type='mmrecmix.PyramidNet'), depth=164, alpha=270)
    model.init_weights()
    conv = model.layer3[17].residual.conv3  # the last unit's 1x1, 286 -> 1144
    # normal(0, sqrt(2 / (k * k * out_channels))) as CutMix-PyTorch's pyramidnet.py
    assert conv.weight.std().item() == pytest.approx(math.sqrt(2 / 1144), rel=0.02)
    assert bool((model.layer3.final_norm.weight == 1).all())


@pytest.mark.parametrize('cfg, match', [
    (dict(type='mmrecmix.PyramidNet', depth=21), 'depth must be 9n'),
    (dict(type='mmrecmix.PyramidNet', depth=23, bottleneck=False), 'depth must be 6n'),
    (dict(type='mmrecmix.PyramidNet', depth=20, alpha=-1), 'alpha'),
    (dict(type='mmrecmix.PyramidNet', depth=20, out_indices=(3, )), 'out_indices'),
    (dict(type='mmrecmix.PyramidNet', depth=20, frozen_stages=4), 'frozen_stages'),
    (dict(type='mmrecmix.WideResNet', depth=27), 'depth must be 6n'),
    (dict(type='mmrecmix.WideResNet', depth=10, widen_factor=0), 'widen_factor'),
    (dict(type='mmrecmix.WideResNet', depth=10, drop_rate=1.0), 'drop_rate'),
    (dict(type='mmrecmix.WideResNet', depth=10, preact_shortcut='none'),
     'preact_shortcut'),
    (dict(type='mmrecmix.ResNeXt_CIFAR', depth=18), 'depth must be one of'),
    (dict(type='mmrecmix.ResNeXt_CIFAR', deep_stem=True), 'deep_stem'),
])
def test_bad_arguments_name_the_parameter(cfg, match):
    with pytest.raises(ValueError, match=match):
        MODELS.build(cfg)


def test_pyramid_unit_cannot_narrow():
    with pytest.raises(ValueError, match='in_channels'):
        PyramidUnit(64, 8, bottleneck=True)
    with pytest.raises(ValueError, match='stride'):
        PyramidUnit(16, 16, stride=3)


# ------------------------------------------------------------------------ training
@pytest.fixture(scope='module')
def cifar100_root(tmp_path_factory):
    from datagen import make_cifar
    return make_cifar(str(tmp_path_factory.mktemp('cifar100')), 'cifar100')


# RX-50 at a quarter of its widths (8 groups of 4 in stage 1): the same modules, faster.
NARROW_RX50 = dict(SHALLOW['ResNeXt_CIFAR'], stem_channels=16, base_channels=16,
                   groups=8, width_per_group=4)


@pytest.mark.parametrize('backbone, channels', [
    (SHALLOW['PyramidNet'], 256), (SHALLOW['WideResNet'], 128), (NARROW_RX50, 512)],
    ids=list(SHALLOW))
def test_trains_two_iterations_in_the_cifar100_recipe(backbone, channels, cifar100_root,
                                                      tmp_path, monkeypatch):
    # Generated batches cannot carry CIFAR's published md5 sums.
    monkeypatch.setattr(mmpretrain.datasets.cifar, 'check_md5', lambda path, md5: True)
    config = tmp_path / 'backbone_cifar100.py'
    config.write_text(
        f'_base_ = [{CIFAR100_CONFIG!r}]\n'
        f'model = dict(backbone=dict(_delete_=True, **{backbone!r}),\n'
        f'             head=dict(in_channels={channels}))\n')
    cfg = Config.fromfile(str(config))
    assert cfg.model.head.num_classes == 100
    cfg.merge_from_dict(dict(
        train_dataloader=dict(dataset=dict(data_root=cifar100_root, indices=4),
                              batch_size=2, num_workers=0, persistent_workers=False),
        train_cfg=dict(max_epochs=1),
        default_hooks=dict(logger=dict(interval=1), checkpoint=None)))
    cfg.param_scheduler = []
    cfg.val_dataloader = cfg.val_cfg = cfg.val_evaluator = None
    cfg.test_dataloader = cfg.test_cfg = cfg.test_evaluator = None
    cfg.work_dir = str(tmp_path)
    runner = Runner.from_cfg(cfg)
    runner.train()
    assert 'mmrecmix.' + type(runner.model.backbone).__name__ == backbone['type']
    assert runner.iter == 2
    assert math.isfinite(runner.message_hub.get_scalar('train/loss').current())
