"""The regulariser and variant arms of the CutMix and RecursiveMix tables: DropBlock,
ShakeDrop, MoEx and CutMix Table 8's variants. Each is a baseline (or CutMix) arm of
the CutMix recipes with one thing changed, and the test says which; the cells each
claims; two training iterations through mmengine's Runner per regulariser at a tiny
size."""
import functools
import os.path as osp

import pytest
from config_signature import runner_iterations
from conftest import REPO_ROOT
from mmengine.config import Config

import mmrecmix  # noqa: F401
from mmrecmix.models.backbones.dropblock import DropBlock
from mmrecmix.models.backbones.shakedrop import ShakeDrop
from mmrecmix.zoo.coverage import matching_cells, read_cells

CONFIGS = osp.join(REPO_ROOT, 'configs', 'tables')
CELLS = read_cells(osp.join(CONFIGS, 'paper_tables.csv'))
CIFAR, IMAGENET = 'cutmix-cifar-300e', 'cutmix-imagenet-300e'
PYRAMIDNET = 'PyramidNet-200 (a~=240)'
CIFAR_DROP_BLOCK = dict(keep_prob=0.9, block_size=4, stages=(2, 3))
PROGRESS = [dict(type='mmrecmix.TrainProgressHook')]
SMOOTHING = dict(type='LabelSmoothLoss', label_smooth_val=0.1, mode='original')
CUTMIX_CIFAR = dict(type='mmrecmix.CutMix', alpha=1.0, prob=0.5)


def backbone(**changes):
    return dict(model=dict(backbone=changes))


def moex(lam, prob, augments=None):
    model = dict(type='mmrecmix.MomentExchangeClassifier',
                 feature_mix=dict(type='mmrecmix.MomentExchange', lam=lam, prob=prob))
    if augments:
        model['train_cfg'] = dict(augments=augments)
    return dict(model=model)


def cutmix(**options):
    return dict(model=dict(train_cfg=dict(augments=dict(CUTMIX_CIFAR, **options))))


# arm -> (the arm it changes, what it adds (nested dicts merged), the cells it claims
# as (paper, table, group, method))
ARMS = {
    f'{CIFAR}-dropblock/pyramidnet200_2xb32-300e-dropblock_cifar100.py': (
        f'{CIFAR}/pyramidnet200_2xb32-300e_cifar100.py',
        dict(backbone(drop_block=CIFAR_DROP_BLOCK), custom_hooks=PROGRESS),
        [('CutMix', 'T5', PYRAMIDNET, 'DropBlock')]),
    f'{CIFAR}-dropblock/pyramidnet200_2xb32-300e-dropblock-lbs_cifar100.py': (
        f'{CIFAR}/pyramidnet200_2xb32-300e-lbs_cifar100.py',
        dict(backbone(drop_block=CIFAR_DROP_BLOCK), custom_hooks=PROGRESS),
        [('CutMix', 'T5', PYRAMIDNET, 'DropBlock + Label Smoothing')]),
    f'{CIFAR}-dropblock/pyramidnet200_2xb32-300e-dropblock_cifar10.py': (
        f'{CIFAR}/pyramidnet200_2xb32-300e_cifar10.py',
        dict(backbone(drop_block=CIFAR_DROP_BLOCK), custom_hooks=PROGRESS),
        [('RecursiveMix', 'T1', PYRAMIDNET, 'DropBlock')]),
    f'{CIFAR}-shakedrop/pyramidnet200_2xb32-300e-shakedrop_cifar100.py': (
        f'{CIFAR}/pyramidnet200_2xb32-300e_cifar100.py', backbone(shake_drop_rate=0.5),
        [('CutMix', 'T5', PYRAMIDNET, 'ShakeDrop')]),
    f'{CIFAR}-shakedrop/pyramidnet200_2xb32-300e-cutmix-shakedrop_cifar100.py': (
        f'{CIFAR}/pyramidnet200_2xb32-300e-cutmix_cifar100.py', backbone(shake_drop_rate=0.5),
        [('CutMix', 'T5', PYRAMIDNET, 'CutMix + ShakeDrop')]),
    f'{CIFAR}-moex/pyramidnet200_2xb32-300e-moex_cifar10.py': (
        f'{CIFAR}/pyramidnet200_2xb32-300e_cifar10.py', moex(0.5, 0.25),
        [('RecursiveMix', 'T1', PYRAMIDNET, 'MoEx')]),
    f'{IMAGENET}-dropblock/resnet50_4xb64-300e-dropblock_in1k.py': (
        f'{IMAGENET}/resnet50_4xb64-300e_in1k.py',
        dict(custom_hooks=PROGRESS, model=dict(backbone=dict(
            type='mmrecmix.DropBlockResNet',
            drop_block=dict(keep_prob=0.9, block_size=7, stages=(3, 4))))),
        [('CutMix', 'T3', 'ResNet-50', 'DropBlock'),
         ('RecursiveMix', 'T6', 'ResNet-50', 'DropBlock')]),
    f'{IMAGENET}-moex/resnet50_4xb64-300e-moex_in1k.py': (
        f'{IMAGENET}/resnet50_4xb64-300e_in1k.py', moex(0.9, 1.0),
        [('RecursiveMix', 'T6', 'ResNet-50', 'MoEx')]),
    f'{IMAGENET}-moex/resnet50_4xb64-300e-cutmix-moex_in1k.py': (
        f'{IMAGENET}/resnet50_4xb64-300e_in1k.py',
        moex(0.9, 0.25, dict(type='mmrecmix.CutMix', alpha=1.0, prob=1.0)),
        [('RecursiveMix', 'T6', 'ResNet-50', 'CutMix + MoEx')]),
    **{f'{CIFAR}-variants/pyramidnet200_2xb32-300e-cutmix-{arm}_cifar100.py': (
        f'{CIFAR}/pyramidnet200_2xb32-300e-cutmix_cifar100.py', cutmix(**options),
        [('CutMix', 'T8', PYRAMIDNET, f'CutMix variant: {method}')])
       for arm, options, method in (
           ('centergaussian', dict(center_std=0.25), 'Center Gaussian'),
           ('fixedsize', dict(fixed_lam=0.75), 'Fixed-size 16x16'),
           ('onehot', dict(label='larger'), 'One-hot label'),
           ('completelabel', dict(label='half'), 'Complete-label 0.5/0.5'))},
    f'{CIFAR}-scheduled/pyramidnet200_2xb32-300e-cutmix-scheduled_cifar100.py': (
        f'{CIFAR}/pyramidnet200_2xb32-300e-cutmix_cifar100.py',
        dict(cutmix(prob=1.0, scheduled_prob=True), custom_hooks=PROGRESS),
        [('CutMix', 'T8', PYRAMIDNET, 'CutMix variant: Scheduled prob 0->1')]),
}


@functools.lru_cache(maxsize=None)
def load(name: str) -> Config:
    return Config.fromfile(osp.join(CONFIGS, name))


def merged(base: dict, changes: dict) -> dict:
    out = dict(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(out[key], value)
        else:
            out[key] = value
    return out


def without_notes(cfg: Config) -> dict:
    return {k: v for k, v in cfg.to_dict().items()
            if k not in ('paper_rows', 'recipe_differences')}


@pytest.mark.stack_independent
@pytest.mark.parametrize('name', sorted(ARMS))
def test_arm_is_its_reference_arm_with_one_change(name):
    reference, changes, _ = ARMS[name]
    assert without_notes(load(name)) == merged(without_notes(load(reference)), changes)


@pytest.mark.stack_independent
@pytest.mark.parametrize('name', sorted(ARMS))
def test_arm_claims_exactly_its_cells_and_keeps_its_differences(name):
    reference, _, lines = ARMS[name]
    cfg = load(name)
    claimed = {(CELLS[i]['paper'], CELLS[i]['table'], CELLS[i]['group'],
                CELLS[i]['method'])
               for entry in cfg.paper_rows for i in matching_cells(entry, CELLS)}
    assert claimed == set(lines)
    inherited = load(reference).recipe_differences
    assert cfg.recipe_differences[:len(inherited)] == inherited


@pytest.mark.stack_independent
def test_differences_name_the_copied_and_unstated_settings():
    def notes(name):
        return ' '.join(load(name).recipe_differences)

    assert '270 epochs' in notes(f'{IMAGENET}-dropblock/resnet50_4xb64-300e-dropblock_in1k.py')
    assert 'cosine' in notes(f'{IMAGENET}-moex/resnet50_4xb64-300e-cutmix-moex_in1k.py')
    assert 'keep_prob 0.9 and block size 4 only' in notes(
        f'{CIFAR}-dropblock/pyramidnet200_2xb32-300e-dropblock-lbs_cifar100.py')
    assert 'no standard deviation' in notes(
        f'{CIFAR}-variants/pyramidnet200_2xb32-300e-cutmix-centergaussian_cifar100.py')


# One config per regulariser, its PyramidNet cut to depth 11 (alpha 12, 112 channels).
TINY = dict(depth=11, alpha=12)


@pytest.mark.parametrize('name', [
    f'{CIFAR}-dropblock/pyramidnet200_2xb32-300e-dropblock-lbs_cifar100.py',
    f'{CIFAR}-shakedrop/pyramidnet200_2xb32-300e-cutmix-shakedrop_cifar100.py',
    f'{CIFAR}-moex/pyramidnet200_2xb32-300e-moex_cifar10.py',
    f'{CIFAR}-variants/pyramidnet200_2xb32-300e-cutmix-onehot_cifar100.py'])
def test_config_trains_two_iterations_through_the_runner(name, tmp_path):
    """Two iterations of four generated 32 x 32 images through mmengine's Runner with
    the config's optimizer and custom hooks: finite losses, the head moved by two SGD
    steps; DropBlock's keep share follows the config's TrainProgressHook (at the
    second iteration half of the two-iteration run is done)."""
    cfg = Config.fromfile(osp.join(CONFIGS, name))  # a copy to change
    cfg.model.backbone.update(TINY)
    cfg.model.head.in_channels = 112
    runner = runner_iterations(cfg, tmp_path, size=32)
    assert runner.iter == 2
    backbone = runner.model.backbone
    drop_blocks = [m for m in backbone.modules() if isinstance(m, DropBlock)]
    shake_drops = [m for m in backbone.modules() if isinstance(m, ShakeDrop)]
    assert bool(drop_blocks) == ('dropblock' in name)
    assert bool(shake_drops) == ('shakedrop' in name)
    for module in drop_blocks:
        assert module.progress == 0.5 and module.drop_prob == pytest.approx(0.05)
