"""AutoMix Table 5's configs (configs/tables/automix-t5-finegrained and its AutoMix
arms' automix-t5-finegrained-automix): one arm per dataset trains two iterations on a
generated tree in that dataset's real layout (the fine-tuned ones from a
torchvision-layout ImageNet checkpoint), and every arm pins its recipe, its mix and the
one cell it claims."""
import ast
import fnmatch
import glob
import json
import os
import os.path as osp
import re

import numpy as np
import pytest
import torch
from conftest import REPO_ROOT, tool_module
from PIL import Image

FOLDER = osp.join(REPO_ROOT, 'configs', 'tables', 'automix-t5-finegrained')
# The AutoMix arms, on AutoMix's own recipe (Mix Block group and schedule, momentum
# encoder), in a folder of their own: a folder's arms differ only in the mix.
AUTOMIX_FOLDER = f'{FOLDER}-automix'
# Every arm of the table by file name.
ARMS = {osp.basename(p): p for folder in (FOLDER, AUTOMIX_FOLDER)
        for p in glob.glob(osp.join(folder, '*.py'))}
SMALL = ['train_dataloader.batch_size=2', 'train_dataloader.num_workers=0',
         'train_dataloader.persistent_workers=False', 'train_cfg.max_epochs=1',
         'param_scheduler=[]', 'default_hooks.logger.interval=1',
         'val_dataloader=None', 'val_cfg=None', 'val_evaluator=None',
         'test_dataloader=None', 'test_cfg=None', 'test_evaluator=None']


def _image(rng, path, size=(48, 40)):
    os.makedirs(osp.dirname(path), exist_ok=True)
    Image.fromarray(rng.integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)).save(path)


def _write(path, lines):
    os.makedirs(osp.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        f.write('\n'.join(lines) + '\n')


def make_cub(root, rng, count=6):
    """CUB_200_2011/{images.txt, image_class_labels.txt, train_test_split.txt,
    images/<class>/<name>.jpg}: the first four images train, the rest test."""
    root = osp.join(root, 'CUB_200_2011')
    names = [f'{1 + i % 2:03d}.Bird_{i % 2}/Bird_{i}.jpg' for i in range(count)]
    for name in names:
        _image(rng, osp.join(root, 'images', name))
    _write(osp.join(root, 'images.txt'), [f'{i + 1} {n}' for i, n in enumerate(names)])
    _write(osp.join(root, 'image_class_labels.txt'),
           [f'{i + 1} {1 + i % 2}' for i in range(count)])
    _write(osp.join(root, 'train_test_split.txt'),
           [f'{i + 1} {int(i < 4)}' for i in range(count)])
    return root


def make_aircraft(root, rng, count=4):
    """fgvc-aircraft-2013b/data/{images/<id>.jpg, images_variant_trainval.txt}."""
    root = osp.join(root, 'fgvc-aircraft-2013b')
    variants = ('707-320', 'A300B4')
    for i in range(count):
        _image(rng, osp.join(root, 'data', 'images', f'{1000 + i}.jpg'))
    _write(osp.join(root, 'data', 'images_variant_trainval.txt'),
           [f'{1000 + i} {variants[i % 2]}' for i in range(count)])
    return root


def make_places(root, rng, count=4):
    """places205/{images256/<letter>/<class>/<name>.jpg,
    trainvalsplit_places205/train_places205.csv}."""
    root = osp.join(root, 'places205')
    names = [f'a/{("abbey", "airport_terminal")[i % 2]}/{i:08d}.jpg' for i in range(count)]
    for name in names:
        _image(rng, osp.join(root, 'images256', name))
    _write(osp.join(root, 'trainvalsplit_places205', 'train_places205.csv'),
           [f'{n} {i % 2}' for i, n in enumerate(names)])
    return root


def make_inat(root, rng, count=4):
    """inat2017/{train_val_images/<super-category>/<species>/<id>.jpg, train2017.json}
    as the challenge ships them (species names with spaces), and meta/train2017.txt
    made from the JSON by tools/dataset_converters/inat_to_list.py."""
    root = osp.join(root, 'inat2017')
    names = [f'train_val_images/Plantae/Abies concolor {i % 2}/{i:05d}.jpg'
             for i in range(count)]
    for name in names:
        _image(rng, osp.join(root, name))
    labels = [5088 * (i % 2) for i in range(count)]
    annotations = dict(
        images=[dict(id=i, file_name=n) for i, n in enumerate(names)],
        annotations=[dict(id=i, image_id=i, category_id=c) for i, c in enumerate(labels)],
        categories=[dict(id=c) for c in range(5089)])
    _write(osp.join(root, 'train2017.json'), [json.dumps(annotations)])
    tool_module('tools/dataset_converters/inat_to_list.py').main(
        [osp.join(root, 'train2017.json'), osp.join(root, 'meta', 'train2017.txt')])
    return root


@pytest.fixture(scope='module')
def torchvision_resnet18(tmp_path_factory):
    """ImageNet ResNet-18 weights in torchvision's layout (no prefix, an fc layer)."""
    from mmpretrain.models import ResNet
    state = ResNet(depth=18).state_dict()
    state.update({'fc.weight': torch.zeros(1000, 512), 'fc.bias': torch.zeros(1000)})
    path = tmp_path_factory.mktemp('tv') / 'resnet18.pth'
    torch.save(state, path)
    return path


# One arm per dataset: (maker, options for 56-px inputs, whether it fine-tunes).
CUB_SIZES = ['train_dataloader.dataset.pipeline.1.scale=64',
             'train_dataloader.dataset.pipeline.2.scale=56']
RUNS = {
    'resnet18_1xb16-200e-automix_cub.py': (make_cub, CUB_SIZES, True),
    'resnet18_1xb16-200e_fgvc-aircraft.py': (make_aircraft, CUB_SIZES, True),
    'resnet50_4xb64-100e-cutmix_inat2017.py': (
        make_inat, ['train_dataloader.dataset.pipeline.1.scale=56'], False),
    'resnet18_4xb64-100e-mixup_places205.py': (
        make_places, ['train_dataloader.dataset.pipeline.1.scale=56'], False),
}


@pytest.mark.full_tier
@pytest.mark.parametrize('name', list(RUNS))
def test_two_iterations_on_the_dataset_layout(name, torchvision_resnet18, tmp_path):
    maker, sizes, finetunes = RUNS[name]
    root = maker(str(tmp_path / 'data'), np.random.default_rng(0))
    options = [f'train_dataloader.dataset.data_root={root}', *SMALL, *sizes]
    if finetunes:
        options.append(f'model.backbone.init_cfg.checkpoint={torchvision_resnet18}')
    tool_module('tools/train.py').main([ARMS[name], '--work-dir',
                                        str(tmp_path / 'run'), '--cfg-options', *options])
    with open(glob.glob(str(tmp_path / 'run' / '*' / '*.log'))[0]) as f:
        log = f.read()
    assert re.search(r'Epoch\(train\) +\[1\]\[2/2\]', log), log[-2000:]
    assert 'nan' not in log.split('Epoch(train)')[-1][:400]
    if finetunes:
        assert f'PretrainedInit: load from {torchvision_resnet18}' in log, log[-3000:]
        assert 'missing keys in source state_dict' not in log


# The paper's alphas (appendix A.1) by recipe and mix.
ALPHA = {
    'finetune': dict(mixup=1.0, cutmix=1.0, manifoldmixup=0.5, saliencymix=0.2, fmix=0.2),
    'inat': dict(mixup=0.2, cutmix=1.0, manifoldmixup=0.2, saliencymix=1.0, fmix=1.0),
    'places': dict(mixup=0.2, cutmix=0.2, manifoldmixup=0.2, saliencymix=0.2, fmix=0.2),
}
DATASETS = {  # suffix: (recipe, classes, column prefix, dataset type)
    'cub': ('finetune', 200, 'CUB', 'CUB'),
    'fgvc-aircraft': ('finetune', 100, 'Aircraft', 'FGVCAircraft'),
    'inat2017': ('inat', 5089, 'iNat17', 'CustomDataset'),
    'inat2018': ('inat', 8142, 'iNat18', 'CustomDataset'),
    'places205': ('places', 205, 'Places205', 'Places205'),
}
NETS = {'resnet18': ('ResNet', 18, 'R-18'), 'resnet50': ('ResNet', 50, 'R-50'),
        'resnext50-32x4d': ('ResNeXt', 50, 'RX-50'),
        'resnext101-32x4d': ('ResNeXt', 101, 'RX-101')}
METHODS = dict(mixup='Mixup', cutmix='CutMix', manifoldmixup='Manifold Mixup',
               saliencymix='SaliencyMix', fmix='FMix', resizemix='ResizeMix',
               puzzlemix='PuzzleMix', automix='AutoMix')


def arm_parts(name):
    net, rest = name[:-3].split('_', 1)
    rest, suffix = rest.rsplit('_', 1)
    mix = rest.split('-')[2] if rest.count('-') == 2 else ''
    return net, mix, suffix


def _value(node):
    """A literal, with ``dict(key=literal, ...)`` calls read as dicts."""
    if isinstance(node, ast.List):
        return [_value(item) for item in node.elts]
    if isinstance(node, ast.Call) and getattr(node.func, 'id', None) == 'dict':
        return {k.arg: _value(k.value) for k in node.keywords}
    return ast.literal_eval(node)


def literal_assignments(path):
    """The top-level ``name = <literal>`` assignments of a config file, and every
    ``alpha=<number>`` keyword in it."""
    with open(path) as f:
        tree = ast.parse(f.read())
    values = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            try:
                values[node.targets[0].id] = _value(node.value)
            except ValueError:
                pass
    alphas = [k.value.value for k in ast.walk(tree)
              if isinstance(k, ast.keyword) and k.arg == 'alpha']
    return values, alphas


@pytest.mark.stack_independent
def test_every_arm_claims_its_cell_with_the_papers_alpha():
    names = sorted(ARMS)
    assert len(names) == 90
    assert all((arm_parts(name)[1] == 'automix')
               == (osp.dirname(ARMS[name]) == AUTOMIX_FOLDER) for name in names)
    cells = set()
    for name in names:
        net, mix, suffix = arm_parts(name)
        recipe, _, column, _ = DATASETS[suffix]
        values, alphas = literal_assignments(ARMS[name])
        base = f'./_base_/{suffix}{"_automix" if mix == "automix" else ""}.py'
        assert values['_base_'] == [base], name
        assert alphas == ([ALPHA[recipe][mix]] if mix in ALPHA[recipe] else []), name
        row, = values['paper_rows']
        assert row == dict(paper='AutoMix', table='T5', method=METHODS.get(mix, 'Baseline'),
                           column=f'{column} {NETS[net][2]}'), name
        cells.add((row['method'], row['column']))
    assert len(cells) == 90


# Loaded: every pair's no-mix arm (recipe, data, backbone) and every arm of one pair
# per recipe (the mixes as built).
LOADED = sorted({name for name in ARMS if arm_parts(name)[1] == ''} |
                {name for pattern in ('resnet18_1xb16-200e*_cub.py',
                                      'resnet50_4xb64-100e*_inat2017.py',
                                      'resnet18_4xb64-100e*_places205.py')
                 for name in fnmatch.filter(ARMS, pattern)})


@pytest.mark.stack_independent
def test_arms_pin_their_recipe_and_mix():
    from mmrecmix.zoo.config_loading import load_configs
    for name, cfg in zip(LOADED, load_configs([ARMS[n] for n in LOADED])):
        net, mix, suffix = arm_parts(name)
        recipe, classes, _, dataset = DATASETS[suffix]
        model, kind, depth, _ = cfg.model, *NETS[net]
        assert (model.backbone.type, model.backbone.depth) == (kind, depth), name
        assert model.head.num_classes == cfg.data_preprocessor.num_classes == classes
        assert cfg.train_dataloader.dataset.type == dataset
        finetune = recipe == 'finetune'
        assert cfg.train_cfg.max_epochs == (200 if finetune else 100)
        assert cfg.optim_wrapper.optimizer.lr == (0.001 if finetune else 0.1)
        assert cfg.optim_wrapper.optimizer.weight_decay == (5e-4 if finetune else 1e-4)
        assert cfg.train_dataloader.batch_size == (16 if finetune else 64)
        assert ('init_cfg' in model.backbone) == finetune
        augments = (model.get('train_cfg') or {}).get('augments')
        if mix in ALPHA[recipe] and mix != 'manifoldmixup':
            assert augments.alpha == ALPHA[recipe][mix], name
        elif mix == 'manifoldmixup':
            assert model.feature_mix.alpha == ALPHA[recipe][mix]
        elif mix == 'puzzlemix':
            assert model.mix.type == 'mmrecmix.PuzzleMix' and model.mix.alpha == 1.0
        elif mix == 'automix':
            assert model.type == 'mmrecmix.AutoMixClassifier' and model.alpha == 2.0
            assert model.mix_head.num_classes == classes
            floor = dict(finetune=5e-4, inat=1e-4, places=1e-3)[recipe]
            assert cfg.param_scheduler[1].eta_min == floor
            assert cfg.custom_hooks[0].type == 'mmrecmix.AutoMixMomentumHook'
        elif mix == 'resizemix':
            assert augments.scale == (0.1, 0.8)
        else:
            assert augments is None and model.type == 'ImageClassifier'
