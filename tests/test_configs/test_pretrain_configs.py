"""Every ImageNet / CIFAR pretraining config parses, builds its model and trains one
iteration (plus validation) through mmengine's Runner on generated data in the
dataset's real on-disk layout, at small image sizes; of the paper-table configs
(configs/tables/), enough that every recipe base and every kind of mix trains once.
Those that test_config_signatures_train.py trains by signature are left out."""
import copy
import glob
import json
import math
import os.path as osp

import mmpretrain.datasets.cifar
import pytest
from config_signature import signature_scope
from conftest import FULL_TIER, REPO_ROOT
from mmengine.config import Config
from mmengine.runner import Runner

from mmrecmix.zoo.config_loading import load_configs
from mmrecmix.zoo.recipe_table import TABLES_FAMILY, arm_name, recipe_bases

pytestmark = pytest.mark.stack_independent

CONFIGS = osp.join(REPO_ROOT, 'configs')
# The configs test_config_signatures_train.py trains (two iterations through the
# Runner, on generated images) or pins to one it trains, are left out here, but for
# PVT v1's smallest (the only PVT v1 configs: its pipeline and layout once per mix) and
# for a table config whose data (datasets, pipelines, sampler, evaluator) no other
# config trained here has (fewest_covering).
SIGNATURE_TRAINED = set(signature_scope(CONFIGS))


def trained_here(path: str) -> bool:
    return (osp.relpath(path, CONFIGS) not in SIGNATURE_TRAINED
            or osp.basename(path).startswith('pvt-tiny_'))


IMAGENET = sorted(filter(trained_here, glob.glob(osp.join(CONFIGS, 'imagenet', '*.py')) +
                         glob.glob(osp.join(CONFIGS, 'deit', '*.py')) +
                         glob.glob(osp.join(CONFIGS, 'pvt', '*.py'))))
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


def use_generated_imagenet(cfg, root: str, size: int):
    """Point an ImageNet-layout config (mmpretrain's ``ImageNet`` or a
    ``CustomDataset`` with ``meta/*.txt`` lists) at the generated images, cropped to
    ``size``."""
    small_train = [dict(t, scale=size) if t['type'] == 'RandomResizedCrop' else t
                   for t in cfg.train_dataloader.dataset.pipeline]
    small_test = [dict(type='LoadImageFromFile'), dict(type='ResizeEdge', scale=size + 8),
                  dict(type='CenterCrop', crop_size=size), dict(type='PackInputs')]
    custom = cfg.train_dataloader.dataset.type == 'CustomDataset'
    split = {'train_dataloader': 'train', 'val_dataloader': 'val',
             'test_dataloader': 'val'}
    cfg.merge_from_dict({
        loader: dict(dataset=dict(
            data_root=root, pipeline=small_train if folder == 'train' else small_test,
            **(dict(indices=4) if folder == 'train' else {}),
            **(dict(data_prefix=folder, ann_file=f'meta/{folder}.txt') if custom
               else {})), **LOADER)
        for loader, folder in split.items()})


def use_generated_cifar(cfg, roots: dict):
    root = roots['cifar100' if cfg.train_dataloader.dataset.type == 'CIFAR100'
                 else 'cifar10']
    cfg.merge_from_dict(dict(
        train_dataloader=dict(dataset=dict(data_root=root, indices=4), **LOADER),
        val_dataloader=dict(dataset=dict(data_root=root), **LOADER),
        test_dataloader=dict(dataset=dict(data_root=root), **LOADER)))


@pytest.fixture
def unchecked_cifar_md5(monkeypatch):
    # Generated batches cannot carry CIFAR's published md5 sums; the files and their
    # format are checked as usual.
    monkeypatch.setattr(mmpretrain.datasets.cifar, 'check_md5', lambda path, md5: True)


def imagenet_size(cfg) -> int:
    """The smallest input each family trains at: 32 px, but 64 for a transformer (a
    ViT's 16-pixel patches give SMMix its 4x4 grid; PVT's last stage, 1/32 of the
    image, a 2x2 map) and 128 for SMMix on PVT v1 (a 4x4 last grid)."""
    backbone = cfg.model.backbone.type
    if (backbone == 'mmrecmix.PyramidVisionTransformerCls'
            and (cfg.model.get('mix') or {}).get('type') == 'mmrecmix.SMMix'):
        return 128
    return 64 if 'VisionTransformer' in backbone else 32


@pytest.mark.parametrize('config', [
    pytest.param(c, marks=FULL_TIER) if '/pvt/' in c else c for c in IMAGENET],
    ids=osp.basename)
def test_imagenet_config_trains(config, imagenet_root, tmp_path):
    cfg = Config.fromfile(config)
    use_generated_imagenet(cfg, imagenet_root, imagenet_size(cfg))
    runner = train_one_iteration(cfg, tmp_path)
    assert len(runner.train_dataloader.dataset) == 4
    assert runner.val_dataloader.dataset.data_prefix['img_path'].endswith('val')


@pytest.mark.parametrize('config', CIFAR, ids=osp.basename)
def test_cifar_config_trains(config, cifar_roots, tmp_path, unchecked_cifar_md5):
    cfg = Config.fromfile(config)
    use_generated_cifar(cfg, cifar_roots)
    runner = train_one_iteration(cfg, tmp_path)
    num_classes = 100 if 'cifar100' in config else 10
    assert runner.model.head.num_classes == num_classes
    assert type(runner.train_dataloader.dataset).__name__ == (
        'CIFAR100' if 'cifar100' in config else 'CIFAR10')


# ---------------------------------------------------------------- configs/tables/

TABLE_PATHS = sorted(glob.glob(osp.join(CONFIGS, TABLES_FAMILY, '*', '*.py')))
# The generated trees have CIFAR's and ImageNet's layouts (mmpretrain's ImageNet, or a
# CustomDataset's meta/*.txt lists). The data sets with a layout of their own (AutoMix
# Table 5's CUB-200-2011, FGVC-Aircraft and Places205 arms) train on generated trees of
# their layouts in tests/test_configs/test_finegrained_configs.py.
OWN_LAYOUT_TYPES = ('CUB', 'FGVCAircraft', 'Places205')
TABLE_CONFIGS = {path: cfg for path, cfg in zip(TABLE_PATHS, load_configs(TABLE_PATHS))
                 if cfg.train_dataloader.dataset.type not in OWN_LAYOUT_TYPES}
# The largest backbones, swapped in this test for a shallower one of their family
# (same stage widths, so heads and Mix Blocks fit): one bottleneck unit per stage for
# PyramidNet-200 / -164, one block per stage for WRN-28-8, depth 50 for R-101 and
# RX-101. Swin pads maps smaller than its window (pad_small_map) on the small images.
SHALLOWER = {'mmrecmix.PyramidNet': 11, 'mmrecmix.WideResNet': 10, 'ResNet': 50,
             'ResNeXt': 50}
CIFAR_TYPES = ('CIFAR10', 'CIFAR100')
# Transformers get larger images: SMMix needs a 4x4 last grid (a ViT's 16-pixel patches
# at 64 px; Swin's last stage is 1/32 of the image, so 128 px).
IMAGE_SIZES = dict(VisionTransformer=64, SwinTransformer=128)


def mix_parts(cfg) -> set:
    """What a config's mix is made of: classifier, batch augments, feature mix,
    guided mix, Cutout, label smoothing."""
    model = cfg.model
    augments = (model.get('train_cfg') or {}).get('augments') or []
    augments = augments if isinstance(augments, (list, tuple)) else [augments]
    parts = {f'classifier {model.get("type", "ImageClassifier")}'}
    parts |= {f'augment {augment.type}' for augment in augments}
    parts |= {f'{key} {model[key].type}' for key in ('feature_mix', 'mix')
              if model.get(key)}
    if any(str(step.type).endswith('Cutout')
           for step in cfg.train_dataloader.dataset.get('pipeline', [])):
        parts.add('Cutout')
    if 'LabelSmooth' in str(((model.get('head') or {}).get('loss') or {}).get('type')):
        parts.add('label smoothing')
    return parts


# Where a dataset lies, and which of its samples a test takes, are not part of it.
DATA_LOCATION = ('data_root', 'data_prefix', 'ann_file', 'indices')


def data_signature(cfg) -> str:
    """What a config's data and evaluation are: its train and val datasets (type,
    pipeline, options) without their location, the train sampler and the evaluator."""
    def dataset(loader):
        return {k: v for k, v in cfg[loader].dataset.items() if k not in DATA_LOCATION}
    return json.dumps(dict(train=dataset('train_dataloader'),
                           sampler=cfg.train_dataloader.get('sampler'),
                           val=dataset('val_dataloader'),
                           evaluator=cfg.get('val_evaluator')),
                      sort_keys=True, default=str)


def what_it_trains(path: str, cfg) -> set:
    """The recipe bases (or, without one, the folder and backbone), the backbone type,
    the mix parts and the data a config would train; of a config the signature test
    trains, only its data (its model and mix train there, on generated images)."""
    data = {f'data {data_signature(cfg)}'}
    if not trained_here(path):
        return data
    folder = osp.relpath(osp.dirname(path), CONFIGS)
    bases = {f'{folder}/{base}' for base in recipe_bases(path)}
    return (bases or {f'{folder}/{arm_name(path)["backbone"]}'}) | {
        f'backbone {cfg.model.backbone.type}'} | mix_parts(cfg) | data


def fewest_covering(configs: dict) -> list:
    """Configs, chosen greedily (most still-untrained parts first, then by name), until
    every recipe base, backbone and mix part trains at least once."""
    parts = {path: what_it_trains(path, cfg) for path, cfg in configs.items()}
    left, chosen = set().union(*parts.values()) if parts else set(), []
    while left:
        best = max(sorted(parts), key=lambda path: len(parts[path] & left))
        chosen.append(best)
        left -= parts[best]
    return sorted(chosen)


# What issue 19 brings, each of which must train in some table config below.
NEW_PARTS = {'augment mmrecmix.FMix', 'augment mmrecmix.SaliencyMix',
             'augment mmrecmix.ResizeMix', 'classifier mmrecmix.FeatureMixClassifier',
             'feature_mix Mixup', 'feature_mix mmrecmix.CutMix', 'Cutout',
             'label smoothing', 'backbone mmrecmix.PyramidNet',
             'backbone mmrecmix.WideResNet', 'backbone mmrecmix.ResNeXt_CIFAR',
             # and issue 20's
             'mix mmrecmix.PuzzleMix', 'mix mmrecmix.TransMix',
             'mix mmrecmix.AttentiveMix'}


def test_the_chosen_table_configs_cover_every_base_and_mix():
    chosen = fewest_covering(TABLE_CONFIGS)
    trained = set().union(*(what_it_trains(path, TABLE_CONFIGS[path]) for path in chosen))
    assert trained == set().union(*(what_it_trains(path, cfg)
                                    for path, cfg in TABLE_CONFIGS.items()))
    assert NEW_PARTS <= trained, sorted(NEW_PARTS - trained)


@pytest.mark.parametrize('config', fewest_covering(TABLE_CONFIGS),
                         ids=lambda path: osp.relpath(path, CONFIGS))
def test_table_config_trains(config, imagenet_root, cifar_roots, tmp_path,
                             unchecked_cifar_md5):
    cfg = copy.deepcopy(TABLE_CONFIGS[config])
    backbone = cfg.model.backbone
    if backbone.type in SHALLOWER and backbone.get('depth', 0) > SHALLOWER[backbone.type]:
        backbone.depth = SHALLOWER[backbone.type]
    if backbone.type == 'SwinTransformer':
        backbone.pad_small_map = True
    if (cfg.model.get('guide') or {}).get('type') == 'mmrecmix.FrozenNetworkGuide':
        # The user's pretrained network is not here: random weights, allowed.
        cfg.model.guide.update(checkpoint=None, allow_random_weights=True)
    if cfg.train_dataloader.dataset.type in CIFAR_TYPES:
        use_generated_cifar(cfg, cifar_roots)
    else:
        use_generated_imagenet(cfg, imagenet_root, IMAGE_SIZES.get(backbone.type, 32))
    runner = train_one_iteration(cfg, tmp_path)
    assert len(runner.train_dataloader.dataset) == 4
