"""The SMMix Table 1 configs of PVT v1 (configs/pvt/pvt-*) and CaiT (configs/cait/):
what each arm claims, the per-model settings, and one training step of each family's
SMMix arm on a tiny model."""
import functools
import glob
import os.path as osp

import pytest
import torch
from conftest import FULL_TIER, REPO_ROOT
from mmengine.config import Config

from mmrecmix.zoo.coverage import matching_cells, read_cells

CONFIGS = osp.join(REPO_ROOT, 'configs')
CELLS = read_cells(osp.join(CONFIGS, 'tables', 'paper_tables.csv'))
PVT_SIZES = {'tiny': 'PVT-T', 'small': 'PVT-S', 'medium': 'PVT-M', 'large': 'PVT-L'}
CAIT_SIZES = {'xxs24': 'CaiT-XXS-24', 'xxs36': 'CaiT-XXS-36'}
ARMS = sorted(osp.relpath(p, CONFIGS)
              for p in glob.glob(osp.join(CONFIGS, 'pvt', 'pvt-*.py')) +
              glob.glob(osp.join(CONFIGS, 'cait', 'cait-*.py')))


@functools.lru_cache(maxsize=None)
def load(name: str) -> Config:
    return Config.fromfile(osp.join(CONFIGS, name))


def group_and_arm(name: str):
    """``('PVT-T', 'smmix')`` of ``pvt/pvt-tiny_4xb256-300e-smmix_in1k.py``."""
    stem = osp.basename(name)
    size = stem.split('_')[0].split('-', 1)[1]
    return {**PVT_SIZES, **CAIT_SIZES}[size], stem.split('300e-')[1].split('_')[0]


@pytest.mark.stack_independent
def test_the_smmix_and_transmix_cells_of_these_models_each_have_an_arm():
    methods = {'SMMix': 'smmix', 'TransMix': 'transmix'}
    cells = [c for c in CELLS if c['paper'] == 'SMMix' and c['table'] == 'T1' and
             c['group'] in {**PVT_SIZES, **CAIT_SIZES}.values() and
             c['method'] in methods]
    assert len(cells) == 11  # CaiT-XXS-24 has no TransMix number
    arms = {group_and_arm(name): name for name in ARMS}
    assert len(ARMS) == 18 and len(arms) == 18
    for cell in cells:
        assert (cell['group'], methods[cell['method']]) in arms


@pytest.mark.stack_independent
@pytest.mark.parametrize('name', ARMS)
def test_the_arm_claims_its_own_table1_cell_or_none(name):
    cfg = load(name)
    group, arm = group_and_arm(name)
    for entry in cfg.paper_rows:
        (index, ) = matching_cells(entry, CELLS)
        cell = CELLS[index]
        assert (cell['paper'], cell['table'], cell['group'], cell['column']) == (
            'SMMix', 'T1', group, 'acc')
        assert cell['method'] == {'smmix': 'SMMix', 'transmix': 'TransMix'}[arm]
    # The CutMix baselines are the model papers' runs; no TransMix cell for XXS-24.
    expected = arm == 'smmix' or arm == 'transmix' and group != 'CaiT-XXS-24'
    assert len(cfg.paper_rows) == int(expected)
    if arm == 'transmix' and expected:
        assert "TransMix paper's run" in cfg.recipe_differences[-1]


@pytest.mark.stack_independent
@pytest.mark.parametrize('name', ARMS)
def test_model_and_recipe_of_the_arm(name):
    cfg = load(name)
    _, arm = group_and_arm(name)
    model, backbone = cfg.model, cfg.model.backbone
    assert cfg.train_cfg.max_epochs == 300 and cfg.train_dataloader.batch_size == 256
    assert cfg.optim_wrapper.optimizer.lr == 1e-3  # SMMix's main.py, 5e-4 x 1024 / 512
    if arm == 'cutmix':
        assert model.type == 'ImageClassifier'
        assert [a.type for a in model.train_cfg.augments] == ['Mixup', 'CutMix']
    elif arm == 'smmix':
        assert model.mix == dict(type='mmrecmix.SMMix', smmix_prob=0.5, mixup_alpha=0.8)
        assert model.token_head.in_channels == model.head.in_channels
    else:
        assert model.mix.type == 'mmrecmix.TransMix' and model.guide is None
        assert model.relabel.type == 'mmrecmix.ClassAttentionRelabel'
    if name.startswith('pvt'):
        # PVT's own configs: drop path 0.3 and clipping at 1.0 for M / L.
        big = backbone.arch in ('medium', 'large')
        assert backbone.type == 'mmrecmix.PyramidVisionTransformerCls'
        assert backbone.drop_path_rate == (0.3 if big else 0.1)
        assert cfg.optim_wrapper.clip_grad == (dict(max_norm=1.0) if big else None)
        assert list(cfg.optim_wrapper.paramwise_cfg.custom_keys) == ['.cls_token']
    else:
        assert backbone.type == 'mmrecmix.CaiT'
        assert backbone.drop_path_rate == {'xxs24': 0.05, 'xxs36': 0.1}[backbone.arch]


@FULL_TIER
@pytest.mark.parametrize('name,backbone,size', [
    ('pvt/pvt-tiny_4xb256-300e-smmix_in1k.py',
     dict(arch=dict(embed_dims=8, num_layers=[1, 1, 1, 1], num_heads=[1, 2, 2, 4]),
          pretrain_img_size=128), 128),
    ('cait/cait-xxs24_4xb256-300e-smmix_in1k.py',
     dict(img_size=64, embed_dim=32, depth=2, num_heads=2), 64),
])
def test_one_train_step_of_each_familys_smmix_arm_at_tiny_size(name, backbone, size):
    from mmengine.optim import OptimWrapper
    from mmpretrain.structures import DataSample

    from mmrecmix.registry import MODELS
    cfg = Config.fromfile(osp.join(CONFIGS, name))  # a copy to change
    width = 32
    cfg.model.backbone.update(backbone)
    cfg.model.head.update(in_channels=width, num_classes=4)
    cfg.model.token_head.update(in_channels=width, num_classes=4)
    torch.manual_seed(0)
    model = MODELS.build(dict(cfg.model, data_preprocessor=dict(cfg.data_preprocessor,
                                                                num_classes=4)))
    data = dict(inputs=list(torch.randint(0, 256, (4, 3, size, size), dtype=torch.uint8)),
                data_samples=[DataSample().set_gt_label(k) for k in range(4)])
    head = model.head.layers.head.weight.detach().clone()
    optim = OptimWrapper(torch.optim.SGD(model.parameters(), lr=0.01))
    log = model.train_step(data, optim)
    assert all(torch.isfinite(v) for v in log.values()) and 'loss' in log
    assert not torch.equal(model.head.layers.head.weight, head)


@pytest.mark.stack_independent
def test_deit_tiny_transmix_arm_is_the_cutmix_recipe_with_transmix():
    """SMMix Table 1's DeiT-T TransMix cell: the TransMix paper's run, whose DeiT-T
    recipe is not released, on the DeiT-T CutMix arm's recipe (SMMix's code)."""
    cfg, cutmix = load('deit/deit-tiny_4xb256-transmix_in1k.py'), load(
        'deit/deit-tiny_4xb256-cutmix_in1k.py')
    (index, ) = matching_cells(cfg.paper_rows[0], CELLS)
    assert len(cfg.paper_rows) == 1
    assert (CELLS[index]['group'], CELLS[index]['method'], CELLS[index]['value']) == (
        'DeiT-T', 'TransMix', '72.6')
    assert cfg.model.type == 'mmrecmix.GuidedMixClassifier'
    assert cfg.model.mix == dict(type='mmrecmix.TransMix', mixup_alpha=0.8,
                                 cutmix_alpha=1.0, switch_prob=0.8)
    assert cfg.model.backbone == cutmix.model.backbone
    for key in ('train_dataloader', 'optim_wrapper', 'param_scheduler', 'train_cfg'):
        assert cfg[key] == cutmix[key], key
    assert "TransMix paper's run" in cfg.recipe_differences[-1]

