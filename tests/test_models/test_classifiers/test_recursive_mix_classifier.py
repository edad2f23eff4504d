"""A real mmpretrain ResNet trained through mmengine's Runner with each mix."""
import math
import os.path as osp

import pytest
import torch
from conftest import REPO_ROOT, two_rank_digits_run
from mmengine.config import Config
from mmengine.runner import Runner

from mmrecmix.registry import MODELS

DEMO = osp.join(REPO_ROOT, 'configs', 'demo')
TINY = dict(
    train_dataloader=dict(batch_size=16, dataset=dict(indices=64)),
    val_dataloader=dict(dataset=dict(indices=32)),
    test_dataloader=dict(dataset=dict(indices=32)),
    train_cfg=dict(max_epochs=2, val_interval=2),
    default_hooks=dict(logger=dict(interval=1), checkpoint=dict(interval=2)))
VARIANTS = {
    'none': ('resnet18_digits_demo.py', {}),
    'cutmix': ('resnet18_digits_cutmix.py', {}),
    'recursivemix': ('resnet18_digits_recursivemix.py', {'model.consistency': None}),
    'recursivemix_roi': ('resnet18_digits_recursivemix.py', {}),
}


def tiny_cfg(name, work_dir, options=None):
    cfg = Config.fromfile(osp.join(DEMO, name))
    cfg.merge_from_dict(TINY)
    cfg.merge_from_dict(options or {})
    cfg.work_dir = str(work_dir)
    cfg.experiment_name = f'{osp.basename(str(work_dir))}'
    return cfg


_trained = {}


def trained(variant, tmp_path_factory):
    """Train ``variant`` once per test session; return its runner and work dir."""
    if variant not in _trained:
        name, options = VARIANTS[variant]
        work_dir = tmp_path_factory.mktemp(variant)
        runner = Runner.from_cfg(tiny_cfg(name, work_dir, options))
        runner.train()
        _trained[variant] = runner, work_dir
    return _trained[variant]


@pytest.mark.parametrize('variant', list(VARIANTS))
def test_training_losses_finite_and_checkpoint_written(variant, tmp_path_factory):
    runner, work_dir = trained(variant, tmp_path_factory)
    hub = runner.message_hub
    assert math.isfinite(hub.get_scalar('train/loss').current())
    has_roi = 'train/loss_roi_consistency' in hub.log_scalars
    assert has_roi == (variant == 'recursivemix_roi')
    assert osp.isfile(osp.join(work_dir, 'epoch_2.pth'))


@pytest.mark.parametrize('variant', ['recursivemix', 'recursivemix_roi'])
def test_history_is_a_full_batch_and_resets_each_epoch(variant, tmp_path_factory):
    runner, _ = trained(variant, tmp_path_factory)
    assert runner.model.recursive_mix.history_inputs.shape[0] == 16
    if variant == 'recursivemix_roi':
        # 4 steps per epoch; the first step of each epoch has no history.
        values = list(runner.message_hub.get_scalar('train/loss_roi_consistency').data[0])
        assert len(values) == 8
        assert values[0] == 0 and values[4] == 0
        assert any(v > 0 for v in values[1:4]) and any(v > 0 for v in values[5:])


def test_checkpoint_evaluates_without_the_roi_head(tmp_path_factory, tmp_path):
    _, work_dir = trained('recursivemix_roi', tmp_path_factory)
    checkpoint = osp.join(work_dir, 'epoch_2.pth')
    # Same weights in a plain mmpretrain ImageClassifier (no RoI head).
    plain = tiny_cfg('resnet18_digits_demo.py', tmp_path / 'plain')
    plain.load_from = checkpoint
    plain_metrics = Runner.from_cfg(plain).test()
    with_roi = tiny_cfg('resnet18_digits_recursivemix.py', tmp_path / 'roi')
    with_roi.load_from = checkpoint
    assert Runner.from_cfg(with_roi).test() == plain_metrics
    state = torch.load(checkpoint, map_location='cpu')['state_dict']
    extra = set(state) - set(MODELS.build(plain.model).state_dict())
    assert extra == {'consistency.fc.weight', 'consistency.fc.bias'}


@pytest.mark.distributed
def test_ddp_two_processes_each_rank_keeps_its_own_history(tmp_path):
    config = tmp_path / 'rm_ddp.py'
    config.write_text(
        f"_base_ = [{osp.join(DEMO, 'resnet18_digits_recursivemix.py')!r}]\n"
        "custom_imports = dict(imports=['mmrecmix', 'rank_history_hook'])\n"
        "custom_hooks = [dict(type='mmrecmix.RecordRankHistoryHook')]\n")
    two_rank_digits_run(config, tmp_path)
    ranks = []
    for rank in (0, 1):
        with open(tmp_path / f'history_rank{rank}.txt') as f:
            ranks.append([line.split() for line in f])
    # 64 samples over 2 ranks at batch 8: 4 steps each, each a history of 8 rows.
    assert [len(r) for r in ranks] == [4, 4]
    assert all(row[1] == '8' for r in ranks for row in r)
    # Different data on each rank, so different histories at every step.
    assert all(a[2] != b[2] for a, b in zip(*ranks))
    # Consistency loss: zero at each rank's first step, then active.
    assert all(float(r[0][3]) == 0 and any(float(x[3]) > 0 for x in r[1:]) for r in ranks)
