"""The DeiT-B configs of SMMix Tables 1 and 5 (configs/deit/deit-base_4xb256-*.py and
their ImageNet-variant evaluations): what each arm claims, SMMix's code recipe at
DeiT-B's size, the arms identical but for the mix, and one training step of the SMMix
and TransMix arms on the full-width DeiT-B."""
import functools
import os.path as osp

import numpy as np
import pytest
import torch
from conftest import REPO_ROOT, epoch_lrs
from mmengine.config import Config

from mmrecmix.zoo.coverage import matching_cells, read_cells

pytestmark = pytest.mark.stack_independent

CONFIGS = osp.join(REPO_ROOT, 'configs')
CELLS = read_cells(osp.join(CONFIGS, 'tables', 'paper_tables.csv'))
ARMS = {arm: f'deit/deit-base_4xb256-{arm}_in1k.py' for arm in ('cutmix', 'smmix',
                                                                 'transmix')}
VARIANTS = {arm: f'evaluation/smmix-t5-imagenet-variants/deit-base_4xb256-{arm}'
                 '_in1k_variants.py' for arm in ('cutmix', 'smmix')}
# Keys that make the mix; everything else must be the same in the three arms.
MIX_KEYS = ('type', 'train_cfg', 'mix', 'guide', 'relabel', 'token_head')
ARM_NOTES = ('paper_rows', 'recipe_differences')


@functools.lru_cache(maxsize=None)
def load(name: str) -> Config:
    return Config.fromfile(osp.join(CONFIGS, name))


def claimed(name: str) -> dict:
    """``{(table, group, method, column): value}`` of the cells the config claims."""
    cells = {}
    for entry in load(name).paper_rows:
        indices = matching_cells(entry, CELLS)
        assert indices, f'{name}: {entry} matches no cell'
        for i in indices:
            cell = CELLS[i]
            assert cell['paper'] == 'SMMix'
            cells[cell['table'], cell['group'], cell['method'], cell['column']] = (
                cell['value'])
    return cells


def test_each_arm_claims_its_own_cells():
    # The Table 1 CutMix 81.8 is the DeiT paper's run, not this recipe's.
    assert claimed(ARMS['cutmix']) == {}
    assert claimed(ARMS['smmix']) == {('T1', 'DeiT-B', 'SMMix', 'acc'): '82.9'}
    assert claimed(ARMS['transmix']) == {('T1', 'DeiT-B', 'TransMix', 'acc'): '82.4'}
    # Table 5 evaluates SMMix's own CutMix and SMMix DeiT-B models (as for DeiT-T / S).
    columns = ('IN-A', 'IN-R', 'Sketch', 'Stylized')
    assert claimed(VARIANTS['cutmix']) == {
        ('T5', 'DeiT-B', 'Mixup + CutMix (DeiT recipe)', c): v
        for c, v in zip(columns, ('25.2', '50.2', '36.3', '21.5'))}
    assert claimed(VARIANTS['smmix']) == {
        ('T5', 'DeiT-B', 'SMMix', c): v
        for c, v in zip(columns, ('28.1', '51.7', '38.1', '22.3'))}


@pytest.mark.parametrize('arm', sorted(VARIANTS))
def test_variant_evaluations_test_the_trained_arm(arm):
    evaluation, trained = load(VARIANTS[arm]), load(ARMS[arm])
    assert evaluation.model == trained.model
    assert evaluation.test_pipeline == trained.test_pipeline
    assert set(evaluation.evaluation) == {'imagenet_a', 'imagenet_r', 'imagenet_sketch',
                                          'imagenet_stylized'}


@pytest.mark.parametrize('arm', sorted(ARMS))
def test_recipe_is_smmix_code_at_deit_base_size(arm):
    """ChenMnZ/SMMix main.py defaults, as the DeiT-T / S arms: drop path 0.1, AdamW
    5e-4 x 1024 / 512, wd 0.05, 5 warm-up epochs from 1e-6, cosine to 1e-5, no
    clipping, no random erasing, no EMA; DeiT-B's 768-d tokens."""
    cfg = load(ARMS[arm])
    backbone = cfg.model.backbone
    assert (backbone.type, backbone.arch, backbone.drop_path_rate) == (
        'VisionTransformer', 'deit-base', 0.1)
    assert cfg.model.head.in_channels == 768
    assert cfg.train_cfg.max_epochs == 300
    assert (cfg.train_dataloader.batch_size, cfg.auto_scale_lr.base_batch_size) == (
        256, 1024)
    opt = cfg.optim_wrapper.optimizer
    assert (opt.type, opt.lr, opt.weight_decay, opt.eps) == ('AdamW', 1e-3, 0.05, 1e-8)
    assert cfg.optim_wrapper.get('clip_grad') is None
    assert cfg.model.head.loss == dict(type='LabelSmoothLoss', label_smooth_val=0.1,
                                       mode='original')
    kinds = [step.type for step in cfg.train_dataloader.dataset.pipeline]
    assert 'RandomErasing' not in kinds and 'RandAugment' in kinds
    assert cfg.train_dataloader.sampler.type == 'DefaultSampler'
    assert not [h for h in cfg.get('custom_hooks', []) if h.type == 'EMAHook']
    lrs = np.array(epoch_lrs(cfg, 7)) * 1e-3
    timm_warmup = [1e-6 + e * (1e-3 - 1e-6) / 5 for e in range(5)]
    np.testing.assert_allclose(lrs[:6], timm_warmup + [1e-3], rtol=1e-6)
    assert lrs[6] < 1e-3


def test_the_mixes_of_the_arms():
    cutmix, smmix, transmix = (load(ARMS[arm]).model for arm in ('cutmix', 'smmix',
                                                                  'transmix'))
    assert cutmix.type == 'ImageClassifier'
    assert [(a.type, a.alpha) for a in cutmix.train_cfg.augments] == [('Mixup', 0.8),
                                                                      ('CutMix', 1.0)]
    assert smmix.type == transmix.type == 'mmrecmix.GuidedMixClassifier'
    assert smmix.mix == dict(type='mmrecmix.SMMix', smmix_prob=0.5, mixup_alpha=0.8)
    assert smmix.guide.type == 'mmrecmix.AttentionGuide'
    assert smmix.token_head == dict(in_channels=768, num_classes=1000)
    # The authors' deit_b_transmix.yaml: mixup 0.8, cutmix 1.0, switch 0.8.
    assert transmix.mix == dict(type='mmrecmix.TransMix', mixup_alpha=0.8,
                                cutmix_alpha=1.0, switch_prob=0.8)
    assert transmix.guide is None
    assert transmix.relabel.type == 'mmrecmix.ClassAttentionRelabel'


def without_mix(cfg: Config) -> dict:
    merged = {k: v for k, v in cfg.to_dict().items() if k not in ARM_NOTES}
    merged['model'] = {k: v for k, v in merged['model'].items() if k not in MIX_KEYS}
    return merged


@pytest.mark.parametrize('arm', ['smmix', 'transmix'])
def test_arms_differ_from_the_cutmix_arm_only_in_the_mix(arm):
    ours, base = without_mix(load(ARMS[arm])), without_mix(load(ARMS['cutmix']))
    assert sorted(k for k in set(ours) | set(base) if ours.get(k) != base.get(k)) == []


def test_transmix_records_the_authors_deit_b_recipe():
    cfg = load(ARMS['transmix'])
    assert cfg.recipe_differences[:-1] == load(ARMS['cutmix']).recipe_differences
    record = cfg.recipe_differences[-1]
    for words in ('deit_b_transmix.yaml', 'total batch of 256 with lr 1e-3',
                  'model EMA of 0.99996', '310 epochs'):
        assert words in record


@pytest.mark.parametrize('arm', ['smmix', 'transmix'])
def test_one_train_step_of_the_full_width_deit_base(arm):
    """DeiT-B as configured (12 blocks, 768-d, 12 heads) at 64 px, 4 classes; the
    SMMix arm always SMMix and the TransMix arm always CutMix, so that the token
    losses and the attention relabelling run."""
    from mmengine.optim import OptimWrapper
    from mmpretrain.structures import DataSample

    from mmrecmix.registry import MODELS
    cfg = Config.fromfile(osp.join(CONFIGS, ARMS[arm]))  # a copy to change
    cfg.model.backbone.img_size = 64
    cfg.model.head.num_classes = 4
    if arm == 'smmix':
        cfg.model.token_head.num_classes = 4
        cfg.model.mix.smmix_prob = 1.0
    else:
        cfg.model.mix.switch_prob = 1.0
    torch.manual_seed(0)
    model = MODELS.build(dict(cfg.model, data_preprocessor=dict(cfg.data_preprocessor,
                                                                num_classes=4)))
    assert model.backbone.embed_dims == 768 and len(model.backbone.layers) == 12
    model.record_mix = True
    data = dict(inputs=list(torch.randint(0, 256, (4, 3, 64, 64), dtype=torch.uint8)),
                data_samples=[DataSample().set_gt_label(k) for k in range(4)])
    head = model.head.layers.head.weight.detach().clone()
    log = model.train_step(data, OptimWrapper(torch.optim.SGD(model.parameters(),
                                                              lr=0.01)))
    assert all(torch.isfinite(v) for v in log.values())
    assert not torch.equal(model.head.layers.head.weight, head)
    step = model.last_mix[2]
    if arm == 'smmix':
        assert {'loss', 'loss_fine', 'loss_consistency'} <= set(log)
        assert step.token_mask.shape == (4, 4, 4)  # the 4 x 4 token grid at 64 px
    else:
        # Per-sample label weights: the mean of each box's area share and its
        # attention share, no longer the batch's one area share.
        assert step.boxes is not None and torch.is_tensor(step.lam)
        assert step.lam.shape == (4, )
        area = 1 - ((step.boxes[:, 2] - step.boxes[:, 0]) *
                    (step.boxes[:, 3] - step.boxes[:, 1])).float() / 64 ** 2
        assert not torch.allclose(step.lam.float(), area)
