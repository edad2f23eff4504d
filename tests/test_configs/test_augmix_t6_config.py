"""AutoMix Table 6's AugMix arm: the table's baseline with AugMix's views and loss and
nothing else changed, the cells it claims, two training iterations of the config's
model on its own pipeline's views, and AugMix through mmengine's Runner."""
import functools
import os.path as osp

import numpy as np
import pytest
import torch
from conftest import FULL_TIER, REPO_ROOT, config_training_steps, tiny_digits_run
from mmengine.config import Config

import mmrecmix  # noqa: F401
from mmrecmix.registry import MODELS, TRANSFORMS
from mmrecmix.zoo.coverage import matching_cells, read_cells

FOLDER = osp.join(REPO_ROOT, 'configs', 'evaluation', 'automix-t6-robustness')
ARM = 'resnext50-32x4d_1xb100-400e-augmix_cifar100_robustness.py'
BASELINE = 'resnext50-32x4d_1xb100-400e_cifar100_robustness.py'
CELLS = read_cells(osp.join(REPO_ROOT, 'configs', 'tables', 'paper_tables.csv'))


@functools.lru_cache(maxsize=None)
def load(name: str) -> Config:
    return Config.fromfile(osp.join(FOLDER, name))


def without_notes(cfg: Config) -> dict:
    return {k: v for k, v in cfg.to_dict().items()
            if k not in ('paper_rows', 'recipe_differences')}


@pytest.mark.stack_independent
def test_arm_is_the_baseline_with_augmix_only():
    arm, baseline = without_notes(load(ARM)), without_notes(load(BASELINE))
    pipeline = arm['train_dataloader']['dataset'].pop('pipeline')
    base_pipeline = baseline['train_dataloader']['dataset'].pop('pipeline')
    assert arm.pop('train_pipeline') == pipeline
    assert baseline.pop('train_pipeline') == base_pipeline
    assert pipeline[:2] + pipeline[3:] == base_pipeline  # AugMix before PackInputs
    assert pipeline[2] == dict(type='mmrecmix.AugMix', severity=3, width=3, depth=-1,
                               alpha=1.0, ops='reference', jsd=True, fill=(125, 123, 114))
    assert arm['model'] == dict(baseline['model'], type='mmrecmix.AugMixClassifier',
                                jsd_weight=12.0)
    assert arm['data_preprocessor'] == dict(
        baseline['data_preprocessor'], type='mmrecmix.MultiViewClsDataPreprocessor')
    for key in ('model', 'data_preprocessor'):
        arm.pop(key), baseline.pop(key)
    assert arm == baseline  # schedule, optimiser, 400 epochs, evaluation suites
    assert arm['evaluation'] == dict(clean=dict(), corruption=dict(data_root='data/cifar100-c'),
                                     fgsm=dict(eps=8 / 255))


@pytest.mark.stack_independent
def test_arm_claims_the_three_augmix_cells_and_keeps_its_differences():
    cfg = load(ARM)
    claimed = sorted(i for entry in cfg.paper_rows for i in matching_cells(entry, CELLS))
    assert [(CELLS[i]['method'], CELLS[i]['column'], CELLS[i]['value'])
            for i in claimed] == [('AugMix', 'clean acc', '81.18'),
                                  ('AugMix', 'corruption acc', '66.54'),
                                  ('AugMix', 'FGSM err', '55.59')]
    assert all((CELLS[i]['paper'], CELLS[i]['table']) == ('AutoMix', 'T6') for i in claimed)
    inherited = load(BASELINE).recipe_differences
    assert cfg.recipe_differences[:len(inherited)] == inherited
    notes = ' '.join(cfg.recipe_differences[len(inherited):])
    assert "timm's augmix-m3-w3 list adds those four" in notes
    assert 'smooths labels by 0.1' in notes


def pipeline_batch(cfg, count: int, seed: int) -> dict:
    """``count`` random 32 x 32 CIFAR-like images through the config's training
    pipeline (crop, flip, AugMix, PackInputs), collated as its dataloader does."""
    from mmengine.dataset import pseudo_collate
    pipeline = [TRANSFORMS.build(step) for step in cfg.train_dataloader.dataset.pipeline]
    rng = np.random.RandomState(seed)
    samples = []
    for k in range(count):
        results = dict(img=rng.randint(0, 256, (32, 32, 3)).astype(np.uint8),
                       gt_label=k % cfg.model.head.num_classes, img_shape=(32, 32),
                       ori_shape=(32, 32))
        for transform in pipeline:
            results = transform(results)
        samples.append(results)
    return pseudo_collate(samples)


@FULL_TIER
def test_config_trains_two_iterations_on_its_pipelines_views():
    """Two SGD steps of the config's ResNeXt-50 through ``train_step`` on three views
    of 2 images each: cross-entropy and a positive JSD term, the head moved. (The
    conftest helper's batches have one view per image: the cross-entropy alone.)"""
    from mmengine.optim import OptimWrapper
    cfg = load(ARM)
    model, losses = config_training_steps(cfg, size=32, steps=2, count=2)
    assert set(losses) == {'loss'}
    torch.manual_seed(0)
    np.random.seed(0)
    model = MODELS.build(dict(cfg.model, data_preprocessor=dict(cfg.data_preprocessor)))
    model.train()
    optim_wrapper = OptimWrapper(torch.optim.SGD(model.parameters(), lr=0.01))
    head = model.head.fc.weight.detach().clone()
    for step in range(2):
        batch = pipeline_batch(cfg, count=2, seed=step)
        assert len(batch['inputs']) == 3 and len(batch['inputs'][0]) == 2
        data = model.data_preprocessor(batch, True)
        assert data['inputs'].shape == (6, 3, 32, 32)
        log_vars = model.train_step(batch, optim_wrapper)
        logged = {key: float(value.detach()) for key, value in log_vars.items()}
        assert all(np.isfinite(value) for value in logged.values())
        assert logged['loss_jsd'] > 0 and logged['loss_cls'] > 0
    assert not torch.equal(model.head.fc.weight, head)


@FULL_TIER
def test_augmix_trains_and_validates_through_the_runner(tmp_path):
    """The digits demo with AugMix's views and loss: one epoch through mmengine's
    Runner (its dataloader collating three views per image, the multi-view
    preprocessor), then validation on single clean images."""
    pipeline = [dict(type='Resize', scale=(16, 16), interpolation='bilinear'),
                dict(type='mmrecmix.AugMix'), dict(type='PackInputs')]
    runner = tiny_digits_run(tmp_path, dict(type='mmrecmix.AugMixClassifier'),
                             train_size=32, pipeline=pipeline)
    assert type(runner.model.data_preprocessor).__name__ == 'MultiViewClsDataPreprocessor'
    scalars = runner.message_hub.log_scalars
    assert scalars['train/loss_jsd'].current() > 0
    assert np.isfinite(scalars['train/loss_cls'].current())
    assert 'val/accuracy/top1' in scalars
