"""Where a table config follows the code that produced a number and the paper's text
says otherwise, both values are pinned here and the config's ``recipe_differences``
must say so: the test fails when the config's value changes and when the record of
the difference disappears."""
import functools
import glob
import os.path as osp

import pytest
from conftest import REPO_ROOT
from mmengine.config import Config

pytestmark = pytest.mark.stack_independent

CONFIGS = osp.join(REPO_ROOT, 'configs')


@functools.lru_cache(maxsize=None)
def load(name: str) -> Config:
    return Config.fromfile(osp.join(CONFIGS, name))


def arms(pattern: str) -> list:
    found = sorted(osp.relpath(path, CONFIGS)
                   for path in glob.glob(osp.join(CONFIGS, pattern)))
    assert found, pattern
    return found


def drop_path(cfg):
    return cfg.model.backbone.get('drop_path_rate', 0.0)


def sampler(cfg):
    return cfg.train_dataloader.sampler.type


def clip_norm(cfg):
    return (cfg.optim_wrapper.get('clip_grad') or {}).get('max_norm')


def ema_hooks(cfg):
    return [hook['type'] for hook in cfg.get('custom_hooks', []) if 'EMA' in hook['type']]


def mix_block(cfg):
    return cfg.model.mix_block.lam_concat, cfg.model.mix_stage


def attentivemix_alpha(cfg):
    return cfg.model.mix.alpha


# (configs, what the config holds, its value there, the paper's value, the words its
# recipe_differences must contain). The paper values are from AutoMix's appendix
# (Table 12 and the reproduction settings) and Sec. 3 / 4.
DEIT_SETTING = 'tables/smmix-t2/deit-small_*.py'
SWIN_SETTING = 'tables/smmix-t2/swin-tiny_*.py'
# The configs on SMMix's code (its DeiT recipe): DeiT, PVT v1 and CaiT of SMMix Table 1,
# and the 100-epoch DeiT-S placements of its Table A4.
NO_EMA_SMMIX_CODE = ('deit/deit-*.py', 'pvt/pvt-*.py', 'cait/*.py',
                     'tables/smmix-a4-deits-100e/*.py')
AUTOMIX_SMALL = ('tables/automix-t1-*automix/*.py', 'tables/automix-t1[34]-*-automix/*.py',
                 'automix/resnet18_1xb100-800e-automix_cifar100.py')
RECORDED = [
    (DEIT_SETTING, drop_path, 0.0, 0.1,
     'stochastic depth 0 (AutoMix Table 12, DeiT setting: 0.1)'),
    (DEIT_SETTING, sampler, 'DefaultSampler', 'RepeatAugSampler',
     'no repeated augmentation (AutoMix Table 12, DeiT setting: on)'),
    (DEIT_SETTING, clip_norm, 5.0, 1.0,
     'gradient clipping at max norm 5.0 (AutoMix Table 12, DeiT setting: 1.0)'),
    (DEIT_SETTING, ema_hooks, [], ['EMAHook'],
     'no model EMA (AutoMix Table 12, DeiT setting: EMA)'),
    (SWIN_SETTING, drop_path, 0.2, 0.1,
     'stochastic depth 0.2 (AutoMix Table 12, DeiT setting: 0.1)'),
    (SWIN_SETTING, clip_norm, 5.0, 1.0,
     'gradient clipping at max norm 5.0 (AutoMix Table 12, DeiT setting: 1.0)'),
    (SWIN_SETTING, ema_hooks, [], ['EMAHook'],
     'no model EMA (AutoMix Table 12, DeiT setting: EMA)'),
    ('tables/smmix-t2/*-attentivemix_in1k.py', attentivemix_alpha, 2.0, 0.2,
     "AttentiveMix+ arm: lambda ~ Beta(2, 2) as OpenMixup's run (AutoMix's appendix: "
     'alpha 0.2 for every method in the DeiT setting)'),
    ('tables/smmix-t2/*-resizemix_in1k.py', lambda cfg: cfg.model.train_cfg.augments.scale,
     (0.1, 0.8), 0.2, "ResizeMix arm: OpenMixup's run sizes its box by alpha 1 (AutoMix's "
     'appendix: alpha 0.2 for every method in the DeiT setting)'),
    ('tables/rsb-a2/[em]*.py', drop_path, 0.0, 0.05,
     'stochastic depth 0 (AutoMix Table 12, RSB A2: 0.05)'),
    ('tables/automix-t1-cifar-wrn-automix/*.py', mix_block, (False, 1), (True, 2),
     'Mix Block on the second of the three WRN stages (mix_stage=1'),
    ('tables/smmix-t2/deit-small_*-transmix_in1k.py',
     lambda cfg: cfg.model.mix.switch_prob, 0.8, 0.5,
     'the published run switched with probability 0.5'),
] + [(pattern, ema_hooks, [], ['EMAHook'],
       "no model EMA: SMMix's code (main.py) keeps one but evaluates and reports the plain "
       'model') for pattern in NO_EMA_SMMIX_CODE] + [
    (pattern, lambda cfg: cfg.model.mix_block.lam_concat, False, True,
     'no lambda channel in the Mix Block (lam_concat=False') for pattern in AUTOMIX_SMALL]

CASES = [pytest.param(name, get, ours, paper, words, id=f'{name}:{words[:40]}')
         for pattern, get, ours, paper, words in RECORDED for name in arms(pattern)]


@pytest.mark.parametrize('name,get,ours,paper,words', CASES)
def test_a_followed_run_is_pinned_and_recorded(name, get, ours, paper, words):
    cfg = load(name)
    value = get(cfg)
    assert (tuple(value) if isinstance(value, (list, tuple)) and isinstance(ours, tuple)
            else value) == ours
    assert ours != paper
    recorded = [line for line in cfg.get('recipe_differences', []) if words in line]
    assert recorded, f'{name}: recipe_differences no longer says "{words}"'


def test_the_deit_setting_differences_name_the_paper_values():
    """The paper's numbers in the records are AutoMix Table 12's DeiT column."""
    text = ' '.join(load('tables/smmix-t2/deit-small_4xb256-300e_in1k.py').recipe_differences)
    for paper_value in ('DeiT setting: 0.1', 'DeiT setting: on', 'DeiT setting: 1.0',
                        'DeiT setting: EMA'):
        assert paper_value in text
