"""The paper-table configs of the CutMix paper (Tables 3, 5, 7) and the RecursiveMix
paper (Tables 1, 3, 5, 6): each recipe's numbers against the papers and the authors'
code, the step schedules epoch by epoch against the reference's rule, the Cutout hole,
one model per backbone, and every ``paper_rows`` entry against the transcribed tables
(method, backbone, dataset and epochs those of the config)."""
import functools
import glob
import os.path as osp
import re

import numpy as np
import pytest
import torch
from conftest import REPO_ROOT, epoch_lrs, neutral_pipeline
from mmengine.config import Config

import mmrecmix  # noqa: F401
from mmrecmix.registry import MODELS, TRANSFORMS
from mmrecmix.zoo.coverage import matching_cells, read_cells

pytestmark = pytest.mark.stack_independent

CONFIGS = osp.join(REPO_ROOT, 'configs')
CELLS = read_cells(osp.join(CONFIGS, 'tables', 'paper_tables.csv'))

CUTMIX_CIFAR = 'tables/cutmix-cifar-300e'
CUTMIX_IMAGENET = 'tables/cutmix-imagenet-300e'
RM_CIFAR = 'tables/recursivemix-cifar100-200e'
TABLE_DIRS = (CUTMIX_CIFAR, CUTMIX_IMAGENET, RM_CIFAR)
TABLE_CONFIGS = sorted(
    osp.relpath(path, CONFIGS) for folder in TABLE_DIRS
    for path in glob.glob(osp.join(CONFIGS, folder, '*.py')))
# The existing configs that carry rows of these tables.
EXISTING_CONFIGS = sorted(
    [f'cifar/resnet18_2xb64-200e{arm}_cifar100.py'
     for arm in ('', '-mixup', '-cutmix', '-recursivemix')]
    + [f'pvt/pvtv2-b1_8xb64-300e{arm}_in1k.py'
       for arm in ('', '-mixup', '-cutmix', '-recursivemix')]
    + ['imagenet/resnet50_8xb64-300e-recursivemix_in1k.py'])
ROW_CONFIGS = TABLE_CONFIGS + EXISTING_CONFIGS

# The tables, and the methods of issues 19 and 20 in them (the other rows: no config here).
TABLES = {('RecursiveMix', 'T1'), ('RecursiveMix', 'T2'), ('RecursiveMix', 'T3'),
          ('RecursiveMix', 'T5'), ('RecursiveMix', 'T6'), ('CutMix', 'T1'), ('CutMix', 'T3'),
          ('CutMix', 'T4'), ('CutMix', 'T5'), ('CutMix', 'T6'), ('CutMix', 'T7'),
          ('CutMix', 'T8'), ('CutMix', 'T10')}
# Columns of those tables that other configs (evaluation, transfer) claim or that no
# config runs (Table 10's captioning).
COLUMNS_ELSEWHERE = {('CutMix', 'T1'): ('ImageNet loc acc', 'VOC det mAP'),
                     ('CutMix', 'T10'): ('SSD mAP', 'FRCNN mAP', 'BLEU-1', 'BLEU-4')}
# Arm name (the ``-<mix>`` of the file name) -> the tables' method name.
METHOD_OF_ARM = {
    '': 'Baseline', 'lbs': 'Label Smoothing', 'cutout': 'Cutout',
    'cutout-lbs': 'Cutout + Label Smoothing', 'mixup': 'Mixup',
    'mixup-alpha05': 'Mixup (a=0.5)', 'manifoldmixup': 'Manifold Mixup',
    'cutout-mixup': 'Cutout + Mixup', 'cutout-manifoldmixup': 'Cutout + Manifold Mixup',
    'featurecutmix': 'Feature CutMix', 'cutmix': 'CutMix', 'recursivemix': 'RecursiveMix',
    'puzzlemix': 'PuzzleMix', 'cutmix-resize': 'RM ablation: RS only',
    'recursivemix-nocl': 'RM ablation: RS+HIS'}
GROUP_OF_BACKBONE = {
    'pyramidnet200': 'PyramidNet-200 (a~=240)', 'pyramidnet164': 'PyramidNet-164 (a~=270)',
    'resnet18': 'ResNet-18', 'resnet34': 'ResNet-34', 'resnet50': 'ResNet-50',
    'pvtv2-b1': 'PVTv2-B1', 'pyramidnet110': 'PyramidNet-110 (a~=64)',
    'resnet101': 'ResNet-101', 'resnext101-32x4d': 'ResNeXt-101 (32x4d)'}
DATASET_OF_SUFFIX = {'cifar10': 'CIFAR-10', 'cifar100': 'CIFAR-100', 'in1k': 'ImageNet-1k'}
NAME = re.compile(r'(?P<backbone>[a-z0-9-]+)_(?P<gpus>\d+)xb(?P<batch>\d+)-(?P<epochs>\d+)e'
                  r'(?:-(?P<arm>[a-z0-9-]+))?_(?P<dataset>[a-z0-9]+)\.py')


@functools.lru_cache(maxsize=None)
def load(name: str) -> Config:
    """The merged config (cached: the tests only read it)."""
    return Config.fromfile(osp.join(CONFIGS, name))


def parse(name: str) -> dict:
    match = NAME.fullmatch(osp.basename(name))
    assert match, f'{name} is not named <backbone>_<gpus>xb<batch>-<epochs>e-<mix>_<data>'
    parts = match.groupdict()
    parts['arm'] = parts['arm'] or ''
    return parts


# ---------------------------------------------------------------- the tables' rows

@pytest.mark.parametrize('name', ROW_CONFIGS)
def test_paper_rows_are_the_config_s_arm(name):
    """Each entry matches rows of the tables of this file whose method is the arm's
    (from the file name), backbone, dataset and epochs those of the config."""
    cfg, parts = load(name), parse(name)
    assert cfg.paper_rows, f'{name} sets no paper_rows'
    for entry in cfg.paper_rows:
        rows = [CELLS[i] for i in matching_cells(entry, CELLS)]
        assert rows, f'{name}: {entry} matches no row'
        assert entry['method'] == METHOD_OF_ARM[parts['arm']], name
        assert entry['group'] == GROUP_OF_BACKBONE[parts['backbone']], name
        for row in rows:
            assert (row['paper'], row['table']) in TABLES
            # CutMix Table 1 names three datasets, the classification one first; Table
            # 10 names its downstream ones, its ImageNet column is the pretraining's.
            if (row['paper'], row['table']) == ('CutMix', 'T10'):
                assert (row['column'], parts['dataset']) == ('IN top-1 err', 'in1k'), name
            else:
                assert (row['dataset'].split(' / ')[0]
                        == DATASET_OF_SUFFIX[parts['dataset']]), name
            assert int(row['epochs']) == cfg.train_cfg.max_epochs, name


def test_every_row_of_these_methods_has_one_config():
    """The tables' rows of the issue's methods, DenseNet and ResNet-110 aside (not in
    these folders), are claimed, each by exactly one config, and nothing else is."""
    claims = {}
    for name in ROW_CONFIGS:
        for entry in load(name).paper_rows:
            for index in matching_cells(entry, CELLS):
                claims.setdefault(index, []).append(name)
    assert {i: names for i, names in claims.items() if len(names) > 1} == {}
    expected = {i for i, cell in enumerate(CELLS)
                if (cell['paper'], cell['table']) in TABLES
                and cell['method'] in METHOD_OF_ARM.values()
                and cell['column'] not in COLUMNS_ELSEWHERE.get(
                    (cell['paper'], cell['table']), ())
                and not cell['group'].startswith(('DenseNet', 'ResNet-110'))}
    assert set(claims) == expected
    lines = {tuple(CELLS[i][k] for k in ('paper', 'table', 'group', 'method'))
             for i in expected}
    # RM T1 7, T2 5, T3 12, T5 8, T6 8; CutMix T1 4 (its classification column), T3 6,
    # T4 6, T5 10, T6 2, T7 5, T8 2 (the baseline and CutMix of the ablation), T10 4
    # (its ImageNet column)
    assert len(lines) == 79


def test_copied_numbers_sit_with_the_recipe_that_produced_them():
    """RecursiveMix's ResNet-50 comparators (Tables 5, 6) are the CutMix paper's Table
    3 numbers and its CIFAR-10 ones (Table 1) CutMix's Table 7: the CutMix-recipe
    configs carry them, the RecursiveMix-recipe ones (cosine schedule) do not."""
    values = {}
    for cell in CELLS:
        key = (cell['paper'], cell['table'], cell['method'], cell['group'])
        values.setdefault(key, []).append(cell['value'])
    copies = [('T5', 'T3', 'ResNet-50', ('Baseline', 'Mixup', 'CutMix')),
              ('T6', 'T3', 'ResNet-50', ('Baseline', 'Cutout', 'Mixup', 'Manifold Mixup',
                                         'Feature CutMix', 'CutMix')),
              ('T1', 'T7', 'PyramidNet-200 (a~=240)',
               ('Baseline', 'Cutout', 'Mixup', 'Manifold Mixup', 'CutMix'))]
    for rm_table, cutmix_table, group, methods in copies:
        for method in methods:
            assert (values[('RecursiveMix', rm_table, method, group)]
                    == values[('CutMix', cutmix_table, method, group)])
    for arm in ('', '-mixup', '-cutmix'):
        assert not load(f'imagenet/resnet50_8xb64-300e{arm}_in1k.py').get('paper_rows')


# ---------------------------------------------------------------- the CutMix recipes

def reference_cifar_lr(epoch: int, lr=0.25, epochs=300) -> float:
    """clovaai/CutMix-PyTorch train.py adjust_learning_rate, CIFAR branch."""
    return lr * (0.1 ** (epoch // (epochs * 0.5))) * (0.1 ** (epoch // (epochs * 0.75)))


def reference_imagenet_lr(epoch: int, lr=0.1) -> float:
    """The same function's ImageNet branch for 300 epochs."""
    return lr * (0.1 ** (epoch // 75))


@pytest.mark.parametrize('dataset,classes', [('cifar100', 100), ('cifar10', 10)])
def test_cutmix_cifar_recipe(dataset, classes):
    """CutMix Sec. 4.1.2 and CutMix-PyTorch's README command and train.py."""
    cfg = load(f'{CUTMIX_CIFAR}/pyramidnet200_2xb32-300e_{dataset}.py')
    assert cfg.train_cfg.max_epochs == 300 and cfg.train_cfg.val_interval == 1
    assert (cfg.train_dataloader.batch_size, cfg.auto_scale_lr.base_batch_size) == (32, 64)
    opt = cfg.optim_wrapper.optimizer
    assert (opt.type, opt.lr, opt.momentum, opt.weight_decay, opt.nesterov) == (
        'SGD', 0.25, 0.9, 1e-4, True)
    assert not cfg.optim_wrapper.get('paramwise_cfg')  # decay on every parameter
    (step, ) = cfg.param_scheduler
    assert (step.type, list(step.milestones), step.gamma) == ('MultiStepLR', [150, 225], 0.1)
    backbone = cfg.model.backbone
    assert (backbone.type, backbone.depth, backbone.alpha, backbone.bottleneck) == (
        'mmrecmix.PyramidNet', 200, 240, True)
    head = cfg.model.head
    assert (head.in_channels, head.num_classes, head.loss.type) == (
        4 * (16 + 240), classes, 'CrossEntropyLoss')
    assert head.init_cfg is None  # PyTorch's default, as the reference's fc
    preprocessor = cfg.data_preprocessor
    assert preprocessor.mean == [125.3, 123.0, 113.9]
    assert preprocessor.std == [63.0, 62.1, 66.7]
    assert (preprocessor.num_classes, preprocessor.to_rgb) == (classes, False)
    assert cfg.train_dataloader.dataset.type == dataset.upper()
    assert [dict(s) for s in cfg.train_dataloader.dataset.pipeline] == [
        dict(type='RandomCrop', crop_size=32, padding=4),
        dict(type='RandomFlip', prob=0.5, direction='horizontal'),
        dict(type='PackInputs')]
    assert list(cfg.val_evaluator.topk) == [1, 5]


def test_cutmix_imagenet_recipe():
    """CutMix Sec. 4.1.1 and CutMix-PyTorch's README command and train.py."""
    cfg = load(f'{CUTMIX_IMAGENET}/resnet50_4xb64-300e_in1k.py')
    assert cfg.train_cfg.max_epochs == 300
    assert (cfg.train_dataloader.batch_size, cfg.auto_scale_lr.base_batch_size) == (
        64, 256)
    opt = cfg.optim_wrapper.optimizer
    assert (opt.type, opt.lr, opt.momentum, opt.weight_decay, opt.nesterov) == (
        'SGD', 0.1, 0.9, 1e-4, True)
    assert not cfg.optim_wrapper.get('paramwise_cfg')
    (step, ) = cfg.param_scheduler
    assert (step.type, list(step.milestones), step.gamma) == (
        'MultiStepLR', [75, 150, 225], 0.1)
    backbone = cfg.model.backbone
    assert (backbone.type, backbone.depth, backbone.zero_init_residual) == (
        'ResNet', 50, False)
    assert cfg.model.head.loss.type == 'CrossEntropyLoss'
    assert cfg.model.head.init_cfg is None
    kinds = [s.type for s in cfg.train_dataloader.dataset.pipeline]
    assert kinds == ['LoadImageFromFile', 'RandomResizedCrop', 'RandomFlip',
                     'ColorJitter', 'Lighting', 'PackInputs']
    pipeline = {s.type: s for s in cfg.train_dataloader.dataset.pipeline}
    assert pipeline['RandomResizedCrop'].scale == 224
    jitter = pipeline['ColorJitter']
    assert (jitter.brightness, jitter.contrast, jitter.saturation) == (0.4, 0.4, 0.4)
    # train.py's eigval [0.2175, 0.0188, 0.0045] on 0-1 pixels, x 255.
    np.testing.assert_allclose(pipeline['Lighting'].eigval,
                               np.array([0.2175, 0.0188, 0.0045]) * 255, rtol=1e-12)
    assert pipeline['Lighting'].alphastd == 0.1
    # train.py's Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225]).
    preprocessor = cfg.data_preprocessor
    np.testing.assert_allclose(preprocessor.mean, np.array([0.485, 0.456, 0.406]) * 255)
    np.testing.assert_allclose(preprocessor.std, np.array([0.229, 0.224, 0.225]) * 255)
    assert preprocessor.to_rgb is True
    test = {s.type: s for s in cfg.test_dataloader.dataset.pipeline}
    assert (test['ResizeEdge'].scale, test['ResizeEdge'].edge) == (256, 'short')
    assert test['CenterCrop'].crop_size == 224


@pytest.mark.parametrize('name,reference', [
    (f'{CUTMIX_CIFAR}/pyramidnet200_2xb32-300e_cifar100.py', reference_cifar_lr),
    (f'{CUTMIX_IMAGENET}/resnet50_4xb64-300e_in1k.py', reference_imagenet_lr)])
def test_step_schedule_is_the_reference_rule_every_epoch(name, reference):
    cfg = load(name)
    lrs = np.array(epoch_lrs(cfg, 300)) * cfg.optim_wrapper.optimizer.lr
    np.testing.assert_allclose(lrs, [reference(e) for e in range(300)], rtol=1e-9)


# ---------------------------------------------------------------- each arm's mix

def mix_of(cfg: Config) -> dict:
    """What makes an arm: classifier, batch / feature mix, Cutout, the head's loss."""
    model = cfg.model
    cutouts = [s for s in cfg.train_dataloader.dataset.pipeline if s.type.endswith('Cutout')]
    return dict(
        classifier=model.type,
        augments=dict((model.get('train_cfg') or {}).get('augments') or {}),
        guided=dict(mix=dict(model.get('mix') or {}), guide=dict(model.get('guide') or {})),
        feature_mix=dict(model.get('feature_mix') or {}),
        mix_stages=tuple(model.get('mix_stages') or ()),
        cutout=len(cutouts),
        loss=dict(model.head.loss))


def expected_mix(cfg: Config, arm: str) -> dict:
    """The mix the arm's name promises, with the papers' settings: Mixup alpha 1.0
    (0.5 for 'alpha05'), CutMix Beta(1, 1) with probability 0.5 on CIFAR and 1.0 on
    ImageNet, label smoothing 0.1, Manifold Mixup / Feature CutMix on
    {input, stage 1, stage 2}, RecursiveMix alpha 0.5."""
    cifar = cfg.train_dataloader.dataset.type.startswith('CIFAR')
    parts = arm.split('-')
    expected = dict(classifier='ImageClassifier', augments={},
                    guided=dict(mix={}, guide={}), feature_mix={},
                    mix_stages=(), cutout=int('cutout' in parts),
                    loss=dict(type='CrossEntropyLoss', loss_weight=1.0))
    if 'lbs' in parts:
        expected['loss'] = dict(type='LabelSmoothLoss', label_smooth_val=0.1,
                                mode='original', loss_weight=1.0)
    mixup = dict(type='Mixup', alpha=0.5 if 'alpha05' in parts else 1.0)
    cutmix = dict(type='mmrecmix.CutMix', alpha=1.0, prob=0.5 if cifar else 1.0)
    if 'mixup' in parts:
        expected['augments'] = mixup
    if 'cutmix' in parts:
        expected['augments'] = cutmix
    if 'resize' in parts:  # RecursiveMix's "RS" ablation: CutMix resizing the partner
        expected['augments'] = dict(cutmix, resize=True, interpolation='nearest')
    if 'manifoldmixup' in parts or 'featurecutmix' in parts:
        expected.update(classifier='mmrecmix.FeatureMixClassifier', mix_stages=(0, 1, 2),
                        feature_mix=mixup if 'manifoldmixup' in parts else cutmix)
    if 'recursivemix' in parts:
        expected.update(classifier='mmrecmix.RecursiveMixClassifier',
                        augments=dict(type='mmrecmix.RecursiveMix', alpha=0.5))
    if 'puzzlemix' in parts:  # OpenMixup's ImageNet arguments (test_puzzlemix.py)
        expected.update(classifier='mmrecmix.GuidedMixClassifier', guided=dict(
            mix=dict(cfg.puzzlemix_imagenet.mix),
            guide=dict(type='mmrecmix.InputGradientGuide')))
    return expected


@pytest.mark.parametrize('name', TABLE_CONFIGS)
def test_arm_runs_the_mix_its_name_says(name):
    cfg = load(name)
    assert mix_of(cfg) == expected_mix(cfg, parse(name)['arm'])
    if parse(name)['arm'].endswith('-nocl'):  # RecursiveMix's "RS + HIS" ablation
        assert cfg.model.consistency is None
    elif cfg.model.type == 'mmrecmix.RecursiveMixClassifier':
        consistency = cfg.model.consistency
        assert consistency.in_channels == cfg.model.head.in_channels
        assert consistency.num_classes == cfg.model.head.num_classes
        assert consistency.omega == 0.1  # the CIFAR value (Sec. 3.1, Fig. 5)


@pytest.mark.parametrize('folder', [CUTMIX_CIFAR, CUTMIX_IMAGENET])
def test_arms_of_a_recipe_differ_only_in_the_mix(folder):
    """Quick local form of the repository-wide check: without the mix (classifier,
    mixes, the head's loss, Cutout), the paper rows and the differences those add,
    every arm equals the baseline of its dataset."""
    def rest(name):
        merged = load(name).to_dict()
        merged['model'] = {k: v for k, v in merged['model'].items()
                           if k not in ('type', 'train_cfg', 'feature_mix',
                                        'mix_stages', 'consistency', 'mix', 'guide')}
        merged['model']['head'].pop('loss')
        dataset = merged['train_dataloader']['dataset']
        dataset['pipeline'] = [s for s in dataset['pipeline'] if not s['type'].endswith('Cutout')]
        for key in ('paper_rows', 'recipe_differences'):
            merged.pop(key)
        return merged

    arms = [name for name in TABLE_CONFIGS if name.startswith(folder)]
    for name in arms:
        parts = parse(name)
        baseline = (f"{folder}/{parts['backbone']}_{parts['gpus']}xb{parts['batch']}-"
                    f"{parts['epochs']}e_{parts['dataset']}.py")
        assert rest(name) == rest(baseline), f'{name} differs from {baseline}'


# ---------------------------------------------------------------- RecursiveMix, 200 ep

@pytest.mark.parametrize('arm', ['', '-mixup', '-cutmix', '-recursivemix'])
@pytest.mark.parametrize('backbone', ['resnet34', 'pyramidnet164'])
def test_recursivemix_200e_arms_are_the_resnet18_recipe(backbone, arm):
    """RecursiveMix Table 3: the other backbones in the 200-epoch setting of the
    ResNet-18 configs, each arm the ResNet-18 arm with its backbone swapped."""
    cfg = load(f'{RM_CIFAR}/{backbone}_2xb64-200e{arm}_cifar100.py').to_dict()
    resnet18 = load(f'cifar/resnet18_2xb64-200e{arm}_cifar100.py').to_dict()
    model, model18 = cfg.pop('model'), resnet18.pop('model')
    cfg.pop('paper_rows'), resnet18.pop('paper_rows')
    assert cfg == resnet18
    if backbone == 'resnet34':
        assert model['backbone'] == dict(model18['backbone'], depth=34)
        assert model == dict(model18, backbone=model['backbone'])
        return
    assert model['backbone'] == dict(type='mmrecmix.PyramidNet', depth=164, alpha=270,
                                     bottleneck=True)
    assert model['head'] == dict(model18['head'], in_channels=4 * (16 + 270))
    if 'consistency' in model:
        assert model['consistency'] == dict(model18['consistency'], in_channels=1144)
    swapped = ('backbone', 'head', 'consistency')
    assert ({k: v for k, v in model.items() if k not in swapped}
            == {k: v for k, v in model18.items() if k not in swapped})


# ---------------------------------------------------------------- Cutout

CUTOUT_ARMS = {  # config, hole side, image side
    'cifar': (f'{CUTMIX_CIFAR}/pyramidnet200_2xb32-300e-cutout_cifar100.py', 16, 32),
    'imagenet': (f'{CUTMIX_IMAGENET}/resnet50_4xb64-300e-cutout_in1k.py', 112, 224)}


def network_inputs(cfg: Config, image: np.ndarray) -> torch.Tensor:
    """``image`` through the train pipeline (colour changes off) and the config's data
    preprocessor: what the network gets."""
    packed = neutral_pipeline(cfg.train_dataloader.dataset.pipeline)(
        dict(img=image.copy(), img_shape=image.shape[:2], ori_shape=image.shape[:2]))
    preprocessor = MODELS.build(dict(cfg.data_preprocessor, type='ClsDataPreprocessor'))
    return preprocessor(dict(inputs=[packed['inputs']],
                             data_samples=[packed['data_samples']]), False)['inputs'][0]


@pytest.mark.parametrize('arm', sorted(CUTOUT_ARMS))
def test_cutout_cuts_one_hole_holding_the_mean(arm):
    """A one-colour non-square image far from the mean, through the pipeline and the
    normalisation: the hole is one axis-aligned rectangle holding the transform's fill,
    which normalises to (almost) zero, the mean, in every channel (so its channel order
    is the images'); at most side x side, and side x side away from the border."""
    name, side, size = CUTOUT_ARMS[arm]
    cfg = load(name)
    preprocessor = cfg.data_preprocessor
    fill = np.array(cfg.cutout.pad_val, dtype=float)
    if preprocessor.get('to_rgb'):
        fill = fill[::-1]  # BGR images, RGB network input
    fill = (fill - np.array(preprocessor.mean)) / np.array(preprocessor.std)
    assert np.abs(fill).max() < 0.01
    np.random.seed(0)
    image = np.broadcast_to(np.array([20, 230, 10], np.uint8), (size + 8, size + 24, 3))
    full_holes = 0
    for _ in range(12):
        inputs = network_inputs(cfg, image)
        assert inputs.shape[1:] == (size, size)
        filled = torch.tensor(fill, dtype=inputs.dtype).view(3, 1, 1)
        hole = ((inputs - filled).abs() < 1e-4).all(dim=0)
        assert (inputs[:, ~hole].abs() > 0.5).all()  # the rest is far from the mean
        rows, cols = hole.any(dim=1).nonzero()[:, 0], hole.any(dim=0).nonzero()[:, 0]
        box = hole[rows.min():rows.max() + 1, cols.min():cols.max() + 1]
        assert box.all() and hole.sum() == box.numel()  # one filled rectangle
        height, width = box.shape
        assert height <= side and width <= side
        if (rows.min() > 0 and cols.min() > 0 and rows.max() < size - 1
                and cols.max() < size - 1):
            assert (height, width) == (side, side)
            full_holes += 1
    assert full_holes > 0


def reference_mean_side(size: int, side: int) -> float:
    """uoguelph-mlrg/Cutout: centre ~ randint(size), [c - side // 2, c + side // 2)
    clipped to the image on both sides."""
    return np.mean([min(c + side // 2, size) - max(c - side // 2, 0)
                    for c in range(size)])


def mmcv_mean_side(size: int, side: int, steps: int = 100000) -> float:
    """mmcv.cutout: centre ~ U(0, size), start max(0, int(c - side / 2)), end
    min(size, start + side): shifted inside at the start, clipped at the end."""
    centres = (np.arange(steps) + 0.5) * size / steps
    starts = np.maximum(0, centres - side / 2).astype(int)
    return float(np.mean(np.minimum(size, starts + side) - starts))


@pytest.mark.parametrize('arm', sorted(CUTOUT_ARMS))
def test_cutout_placement_is_the_reference(arm):
    """The configured transform cuts the reference's hole (mean area over uniform
    centres), smaller on average than mmpretrain's (mmcv.cutout) would."""
    name, side, size = CUTOUT_ARMS[arm]
    cfg = load(name)
    cutout = TRANSFORMS.build(cfg.cutout)
    np.random.seed(1)
    image = np.full((size, size, 3), 255, np.uint8)
    areas = [(cutout(dict(img=image))['img'][..., 0] != 255).sum() for _ in range(1500)]
    reference_area = reference_mean_side(size, side) ** 2
    assert np.mean(areas) == pytest.approx(reference_area, rel=0.03)
    assert mmcv_mean_side(size, side) ** 2 > 1.1 * reference_area


# ---------------------------------------------------------------- one model per backbone

def labelled_batch(classes: int, size: int, count: int = 2) -> dict:
    from mmpretrain.structures import DataSample
    generator = torch.Generator().manual_seed(0)
    return dict(
        inputs=[torch.randint(0, 256, (3, size, size), generator=generator,
                              dtype=torch.uint8) for _ in range(count)],
        data_samples=[DataSample().set_gt_label(k % classes) for k in range(count)])


@pytest.mark.parametrize('name,size', [
    (f'{CUTMIX_CIFAR}/pyramidnet200_2xb32-300e-cutout-manifoldmixup_cifar100.py', 32),
    (f'{RM_CIFAR}/pyramidnet164_2xb64-200e-recursivemix_cifar100.py', 32),
    (f'{RM_CIFAR}/resnet34_2xb64-200e_cifar100.py', 32),
    (f'{CUTMIX_IMAGENET}/resnet50_4xb64-300e-featurecutmix_in1k.py', 64)])
def test_config_builds_and_takes_a_training_loss(name, size):
    """The model of each backbone builds from the config, its head takes the
    backbone's output width, and a training loss is finite (the mix stages exist on
    the backbone; RecursiveMix's consistency term from the second step on)."""
    cfg = load(name)
    model_cfg = dict(cfg.model)
    model_cfg.setdefault('data_preprocessor', dict(cfg.data_preprocessor))
    torch.manual_seed(0)
    np.random.seed(0)
    model = MODELS.build(model_cfg).train()
    classes = cfg.model.head.num_classes
    recursive = parse(name)['arm'] == 'recursivemix'
    for _ in range(2 if recursive else 1):
        data = model.data_preprocessor(labelled_batch(classes, size), True)
        losses = model(**data, mode='loss')
        assert all(torch.isfinite(value) for value in losses.values())
    assert model.head.fc.in_features == cfg.model.head.in_channels
    if recursive:
        assert 'loss_roi_consistency' in losses
