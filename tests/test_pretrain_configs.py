"""Every ImageNet / CIFAR pretraining config parses, builds its model and trains one
iteration (plus validation) through mmengine's Runner on generated data in the
dataset's real on-disk layout, at small image sizes."""
import glob
import math
import os.path as osp

import mmpretrain.datasets.cifar
import pytest
from conftest import FULL_TIER, REPO_ROOT
from mmengine.config import Config
from mmengine.runner import Runner

CONFIGS = osp.join(REPO_ROOT, 'configs')
IMAGENET = sorted(glob.glob(osp.join(CONFIGS, 'imagenet', '*.py')) +
                  glob.glob(osp.join(CONFIGS, 'deit', '*.py')) +
                  glob.glob(osp.join(CONFIGS, 'pvt', '*.py')))
CIFAR = sorted(glob.glob(osp.join(CONFIGS, 'cifar', '*.py')))
LOADER = dict(batch_size=4, num_workers=0, persistent_workers=False)


@pytest.fixture(scope='module')
def imagenet_root(tmp_path_factory):
    from datagen import make_imagenet
    return make_imagenet(str(tmp_path_factory.mktemp('imagenet')))


@pytest.fixture(scope='module')
def cifar_roots(tmp_path_factory):
    from datagen import make_cifar
    return {kind: make_cifar(str(tmp_path_factory.mktemp(kind)), kind)
            for kind in ('cifar10', 'cifar100')}


def train_one_iteration(cfg, work_dir):
    # One epoch of one iteration: warm-up schedules that begin after epoch 1 (DeiT's
    # 20 epochs) cannot be built for it, so the schedule is left out.
    cfg.param_scheduler = []
    cfg.merge_from_dict(dict(
        train_cfg=dict(max_epochs=1, val_interval=1),
        default_hooks=dict(logger=dict(interval=1))))
    cfg.work_dir = str(work_dir)
    cfg.experiment_name = osp.basename(str(work_dir))
    runner = Runner.from_cfg(cfg)
    runner.train()
    assert math.isfinite(runner.message_hub.get_scalar('train/loss').current())
    assert osp.isfile(osp.join(str(work_dir), 'epoch_1.pth'))
    return runner


@pytest.mark.parametrize('config', [
    pytest.param(c, marks=FULL_TIER) if '/pvt/' in c else c for c in IMAGENET],
    ids=osp.basename)
def test_imagenet_config_trains(config, imagenet_root, tmp_path):
    cfg = Config.fromfile(config)
    # A ViT needs a 4x4 grid for SMMix; PVT's last stage a 2x2 map at least.
    size = 64 if 'deit' in config or 'pvt' in config else 32
    small_train = [dict(t, scale=size) if t['type'] == 'RandomResizedCrop' else t
                   for t in cfg.train_dataloader.dataset.pipeline]
    small_test = [dict(type='LoadImageFromFile'), dict(type='ResizeEdge', scale=size + 8),
                  dict(type='CenterCrop', crop_size=size), dict(type='PackInputs')]
    dataset = dict(data_root=imagenet_root)
    cfg.merge_from_dict(dict(
        train_dataloader=dict(dataset=dict(pipeline=small_train, indices=4, **dataset),
                              **LOADER),
        val_dataloader=dict(dataset=dict(pipeline=small_test, **dataset), **LOADER),
        test_dataloader=dict(dataset=dict(pipeline=small_test, **dataset), **LOADER)))
    runner = train_one_iteration(cfg, tmp_path)
    assert len(runner.train_dataloader.dataset) == 4
    assert runner.val_dataloader.dataset.data_prefix['img_path'].endswith('val')


@pytest.mark.parametrize('config', CIFAR, ids=osp.basename)
def test_cifar_config_trains(config, cifar_roots, tmp_path, monkeypatch):
    # Generated batches cannot carry CIFAR's published md5 sums; the files and their
    # format are checked as usual.
    monkeypatch.setattr(mmpretrain.datasets.cifar, 'check_md5', lambda path, md5: True)
    cfg = Config.fromfile(config)
    root = cifar_roots['cifar100' if 'cifar100' in config else 'cifar10']
    cfg.merge_from_dict(dict(
        train_dataloader=dict(dataset=dict(data_root=root, indices=4), **LOADER),
        val_dataloader=dict(dataset=dict(data_root=root), **LOADER),
        test_dataloader=dict(dataset=dict(data_root=root), **LOADER)))
    runner = train_one_iteration(cfg, tmp_path)
    num_classes = 100 if 'cifar100' in config else 10
    assert runner.model.head.num_classes == num_classes
    assert type(runner.train_dataloader.dataset).__name__ == (
        'CIFAR100' if 'cifar100' in config else 'CIFAR10')
