"""DropBlock (Ghiasi et al. 2018): the seed rate, the blocks, the normalisation, the
schedule, and where PyramidNet and DropBlockResNet apply it; TrainProgressHook."""
from types import SimpleNamespace

import pytest
import torch
from mmpretrain.models import ResNet

import mmrecmix  # noqa: F401
from mmrecmix.engine.hooks import TrainProgressHook
from mmrecmix.models.backbones import DropBlockResNet, PyramidNet
from mmrecmix.models.backbones.dropblock import (DropBlock, DropBlockBottleneck,
                                                 block_keep_mask, drop_block, seed_rate)
from mmrecmix.models.batch_augments import CutMix


def test_seed_rate_is_eq_1():
    # (1 - 0.9) / 4^2 * 8^2 / (8 - 4 + 1)^2 (CIFAR stage 3), and ImageNet's 14 x 14, 7.
    assert seed_rate(0.1, 8, 8, 4, 4) == pytest.approx(0.1 / 16 * 64 / 25)
    assert seed_rate(0.1, 14, 14, 7, 7) == pytest.approx(0.1 / 49 * 196 / 64)
    assert seed_rate(0.3, 7, 7, 7, 7) == pytest.approx(0.3)  # one block: the map


def test_blocks_start_at_their_seeds_inside_the_map():
    seeds = torch.zeros(1, 1, 3, 3)  # a 4 x 4 map, blocks of 2
    seeds[0, 0, 0, 0] = seeds[0, 0, 2, 1] = 1
    assert block_keep_mask(seeds, (2, 2))[0, 0].tolist() == [
        [0, 0, 1, 1],
        [0, 0, 1, 1],
        [1, 0, 0, 1],
        [1, 0, 0, 1]]


def test_kept_units_are_scaled_by_count_over_ones(monkeypatch):
    seed_noise = torch.ones(1, 1, 3, 3)
    seed_noise[0, 0, 1, 1] = 0  # below any rate: one seed, a 2 x 2 block in the middle
    monkeypatch.setattr(torch, 'rand', lambda *args, **kwargs: seed_noise)
    out = drop_block(torch.full((1, 1, 4, 4), 3.0), drop_prob=0.1, block_size=2)
    expected = torch.full((4, 4), 3.0 * 16 / 12)
    expected[1:3, 1:3] = 0
    assert torch.allclose(out[0, 0], expected)


def test_even_blocks_drop_the_expected_share():
    """Each unit is kept unless one of the seeds whose block covers it fires:
    P(keep) = (1 - gamma)^(rows covering * cols covering), averaged over the map."""
    torch.manual_seed(0)
    x = torch.ones(64, 32, 8, 8)
    keep = (drop_block(x, 0.1, 4) > 0).float().mean().item()
    gamma = seed_rate(0.1, 8, 8, 4, 4)
    cover = [min(i, 4) - max(i - 3, 0) + 1 for i in range(8)]  # seeds 0..4 per axis
    expected = sum((1 - gamma) ** (r * c) for r in cover for c in cover) / 64
    assert keep == pytest.approx(expected, abs=0.005)
    assert 1 - expected == pytest.approx(0.1, abs=0.02)  # the paper's intent


def test_schedule_and_evaluation():
    module = DropBlock(keep_prob=0.9, block_size=2)
    x = torch.randn(2, 3, 4, 4)
    assert module.eval()(x) is x
    module.train().set_progress(0.0)
    assert module(x) is x  # keep_prob 1 at the start
    module.set_progress(0.5)
    assert module.drop_prob == pytest.approx(0.05)
    assert DropBlock(0.9, 2, linear_schedule=False).drop_prob == pytest.approx(0.1)
    with pytest.raises(ValueError, match='keep_prob'):
        DropBlock(keep_prob=0, block_size=2)


def test_pyramidnet_drop_blocks_after_each_conv_and_on_the_shortcut():
    plain = PyramidNet(depth=11, alpha=12)
    net = PyramidNet(depth=11, alpha=12,
                     drop_block=dict(keep_prob=0.9, block_size=4, stages=(2, 3)))
    assert net.state_dict().keys() == plain.state_dict().keys()
    unit = net.layer2[0]
    assert [name for name, m in unit.residual.named_children()
            if isinstance(m, DropBlock)] == [
                'drop_block_act1', 'drop_block_act2', 'drop_block_norm_out']
    assert isinstance(unit.shortcut_drop_block, DropBlock)
    assert not any(isinstance(m, DropBlock) for m in net.layer1.modules())
    net.load_state_dict(plain.state_dict())
    x = torch.randn(2, 3, 32, 32)
    assert torch.equal(net.eval()(x)[0], plain.eval()(x)[0])
    with pytest.raises(ValueError, match='stages'):
        PyramidNet(depth=11, drop_block=dict(keep_prob=0.9, block_size=4, stages=(4, )))


def test_dropblock_resnet_is_resnet_with_drop_blocks_in_its_stages():
    options = dict(depth=50, base_channels=4, stem_channels=4)
    plain = ResNet(**options)
    net = DropBlockResNet(drop_block=dict(keep_prob=0.9, block_size=7, stages=(3, 4)),
                          **options)
    assert net.state_dict().keys() == plain.state_dict().keys()
    kinds = [type(block) is DropBlockBottleneck for name in net.res_layers
             for block in getattr(net, name)]
    assert kinds == [False] * 7 + [True] * 9  # 3 + 4 blocks, then 6 + 3
    net.load_state_dict(plain.state_dict())
    x = torch.randn(2, 3, 64, 64)
    net.eval(), plain.eval()
    assert torch.allclose(net(x)[0], plain(x)[0])
    net.train()
    net(x)[0].sum().backward()
    with pytest.raises(ValueError, match='bottleneck'):
        DropBlockResNet(depth=18, drop_block=dict(keep_prob=0.9, block_size=7,
                                                  stages=(3, )))


def test_train_progress_hook_sets_every_follower():
    class Model(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.drop = DropBlock(0.9, 2)
            self.data_preprocessor = SimpleNamespace(batch_augments=SimpleNamespace(
                augments=[CutMix(prob=1.0, scheduled_prob=True)]))

    model = Model()
    runner = SimpleNamespace(model=model, iter=25, max_iters=100)
    hook = TrainProgressHook()
    hook.before_train(runner)
    hook.before_train_iter(runner, 0)
    assert model.drop.progress == 0.25
    assert model.data_preprocessor.batch_augments.augments[0].prob == 0.25
    with pytest.raises(ValueError, match='nothing in the model'):
        hook.before_train(SimpleNamespace(model=torch.nn.Linear(1, 1)))
