"""browse_mix.py, effective_classes.py, MixVisualizationHook and the README's
custom-mix example, on the digits demo configs."""
import glob
import json
import os.path as osp
import re

import cv2
import numpy as np
import torch
from conftest import (DEMO_CONFIG, REPO_ROOT, run_tool, smmix_model_cfg,
                      tool_module)
from mmengine.config import Config
from mmengine.runner import Runner

from mmrecmix.visualization import cell_scale, grid_size, mix_batch
from mmrecmix.visualization.mixed_batch import build_training_mix

DEMO = osp.join(REPO_ROOT, 'configs', 'demo')
RM_CONFIG = osp.join(DEMO, 'resnet18_digits_recursivemix.py')
BROWSE = osp.join('analysis', 'browse_mix.py')


def test_browse_mix_pictures_and_boxes(tmp_path):
    result = run_tool(BROWSE, RM_CONFIG, '--iters', 4, '--num-images', 8, '--out', tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    pictures = sorted(glob.glob(str(tmp_path / 'iter_*.png')))
    assert len(pictures) == 4 and (tmp_path / 'recursion_strip.png').is_file()
    height, width = grid_size(8, 16, 16)
    for picture in pictures:
        assert cv2.imread(picture).shape == (height, width, 3)
    steps = json.loads((tmp_path / 'mix_steps.json').read_text())
    assert steps[0]['boxes'] == [None] * 8  # no history at the first iteration
    mixed = [s for s in steps[1:] if s['boxes'][0] is not None]
    assert mixed, 'some iteration after the first pastes a box'
    step = mixed[0]
    scale = cell_scale(16, 16)
    picture = cv2.imread(str(tmp_path / f"iter_{step['iteration']:03d}.png"))
    x1, y1, x2, y2 = step['boxes'][0]
    red = [0, 0, 255]  # BGR
    corners = [(y1 * scale, x1 * scale), (y2 * scale - 1, x2 * scale - 1),
               (y1 * scale, x2 * scale - 1), (y2 * scale - 1, x1 * scale)]
    for y, x in corners:
        assert picture[y, x].tolist() == red, (y, x)
    inside = picture[y1 * scale + 1:y2 * scale - 1, x1 * scale + 1:x2 * scale - 1]
    assert not (inside == red).all(-1).all()  # an outline, not a filled box


def test_browse_plain_config_says_so_and_still_draws(tmp_path):
    result = run_tool(BROWSE, DEMO_CONFIG, '--iters', 1, '--out', tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert 'no mix augment' in result.stdout
    assert (tmp_path / 'iter_000.png').is_file()


def test_browse_mix_says_moex_is_not_drawn_and_still_draws(tmp_path, capsys):
    main = tool_module(osp.join('tools', BROWSE)).main
    main([DEMO_CONFIG, '--iters', '1', '--num-images', '4', '--out', str(tmp_path),
          '--cfg-options', 'model.type=mmrecmix.MomentExchangeClassifier',
          'model.feature_mix.type=mmrecmix.MomentExchange'])
    out = capsys.readouterr().out
    assert 'MoEx exchanges feature moments' in out and 'no mix augment' not in out
    assert (tmp_path / 'iter_000.png').is_file()


def test_browse_mix_draws_co_mixup_with_its_clean_loss(tmp_path):
    main = tool_module(osp.join('tools', BROWSE)).main
    main([DEMO_CONFIG, '--iters', '1', '--num-images', '4', '--out', str(tmp_path),
          '--cfg-options', 'model.type=mmrecmix.GuidedMixClassifier', 'model.train_cfg=None',
          'model.mix.type=mmrecmix.CoMixup', 'model.mix.part=8',
          'model.guide.type=mmrecmix.InputGradientGuide', 'model.guide.clean_loss_weight=2.0'])
    with open(tmp_path / 'mix_steps.json') as f:
        assert json.load(f)[0]['method'] == 'CoMixup'


def test_browse_unwritable_output_folder():
    result = run_tool(BROWSE, DEMO_CONFIG, '--out', '/etc/hostname/pictures')
    assert result.returncode == 2 and 'Traceback' not in result.stderr
    assert "cannot create --out '/etc/hostname/pictures'" in result.stderr


def test_browse_too_few_class_names(tmp_path):
    result = run_tool(BROWSE, RM_CONFIG, '--iters', 1, '--out', tmp_path, '--cfg-options',
                      'train_dataloader.dataset.metainfo.classes=[zero,one]')
    assert result.returncode == 2 and 'Traceback' not in result.stderr
    assert '2 class names for 10 classes' in result.stderr


def test_effective_classes_no_mix_cutmix_recursivemix(tmp_path):
    main = tool_module('tools/analysis/effective_classes.py').main
    counts = main([DEMO_CONFIG, '--compare', osp.join(DEMO, 'resnet18_digits_cutmix.py'),
                   RM_CONFIG, '--iters', '20', '--out', str(tmp_path / 'plot.png')])
    plain, cutmix, recursive = counts.values()
    assert plain == [1.0] * len(plain)
    # CutMix: two classes per label unless paired with its own class (1 in 10 here).
    assert 1.75 <= cutmix[0] <= 2.0
    # RecursiveMix keeps adding classes through the history.
    assert recursive[0] > cutmix[0] + 0.8
    assert recursive[-1] < cutmix[-1]  # but most of them with small weights
    assert (tmp_path / 'plot.png').is_file()


def tiny_run_cfg(config, work_dir, **options):
    cfg = Config.fromfile(config)
    cfg.merge_from_dict(dict(
        train_dataloader=dict(batch_size=8, dataset=dict(indices=32)),
        train_cfg=dict(max_epochs=1, val_interval=10),
        default_hooks=dict(logger=dict(interval=1)),
        visualizer=dict(vis_backends=[dict(type='LocalVisBackend')]),
        **options))
    cfg.work_dir = str(work_dir)
    cfg.experiment_name = osp.basename(str(work_dir))
    return cfg


def test_hook_writes_grids_through_the_local_backend(tmp_path):
    cfg = tiny_run_cfg(RM_CONFIG, tmp_path, custom_hooks=[
        dict(type='mmrecmix.MixVisualizationHook', interval=2, max_images=8)])
    Runner.from_cfg(cfg).train()
    images = sorted(glob.glob(str(tmp_path / '*' / 'vis_data' / 'vis_image' / '*.png')))
    assert [osp.basename(p) for p in images] == ['mixed_batch_2.png', 'mixed_batch_4.png']
    assert cv2.imread(images[0]).shape == (*grid_size(8, 16, 16), 3)


def test_hook_draws_smmix_batches(tmp_path):
    pipeline = [dict(type='Resize', scale=(64, 64)), dict(type='PackInputs')]
    cfg = tiny_run_cfg(DEMO_CONFIG, tmp_path,
                       model=dict(_delete_=True, **smmix_model_cfg('deit_tiny', 1.0)),
                       custom_hooks=[dict(type='mmrecmix.MixVisualizationHook',
                                          interval=1, max_images=4)])
    cfg.train_dataloader.dataset.pipeline = pipeline
    cfg.train_dataloader.dataset.indices = 16
    Runner.from_cfg(cfg).train()
    images = glob.glob(str(tmp_path / '*' / 'vis_data' / 'vis_image' / '*.png'))
    assert len(images) == 2
    log = open(glob.glob(str(tmp_path / '*' / '*.log'))[0]).read()
    assert 'drew a SMMix batch' in log


def test_readme_custom_mix_example_runs(tmp_path):
    readme = open(osp.join(REPO_ROOT, 'docs', 'custom_mix.md')).read()
    code = re.search(r'<!-- example: custom-mix -->\n```python\n(.*?)```', readme, re.S)
    namespace = {}
    exec(code.group(1), namespace)
    cfg = tiny_run_cfg(DEMO_CONFIG, tmp_path,
                       model=dict(train_cfg=dict(augments=dict(type='mmrecmix.HalfMix'))))
    model, dataloader = build_training_mix(cfg)
    batch = mix_batch(model, next(iter(dataloader)))
    assert batch.method == 'mmpretrain HalfMix'
    torch.testing.assert_close(batch.scores.sum(1), torch.ones(8))
    assert ((batch.scores > 0).sum(1) <= 2).all()
    Runner.from_cfg(cfg).train()  # and it trains through the Runner


AUTOMIX_CONFIG = osp.join(DEMO, 'resnet18_digits_automix.py')


def test_browse_mix_shows_automix_masks_beside_the_images(tmp_path):
    result = run_tool(BROWSE, AUTOMIX_CONFIG, '--iters', 2, '--num-images', 4,
                      '--out', tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    # Each cell is the 16x16 mixed image and its 16x16 mask side by side.
    assert cv2.imread(str(tmp_path / 'iter_000.png')).shape == (*grid_size(4, 16, 32), 3)
    steps = json.loads((tmp_path / 'mix_steps.json').read_text())
    assert {s['method'] for s in steps} <= {'AutoMix', 'Mixup'}


def test_automix_batch_is_the_mask_mix_of_its_pairs():
    torch.manual_seed(0)
    model, dataloader = build_training_mix(Config.fromfile(AUTOMIX_CONFIG))
    model.mixup_margin = 0.0  # always the Mix Block's mask
    batch = mix_batch(model, next(iter(dataloader)))
    assert batch.method == 'AutoMix' and batch.masks.shape == (32, 1, 16, 16)
    assert ((batch.masks > 0) & (batch.masks < 1)).all()
    # Label weights: lam on the sample, 1 - lam on its partner, summing to one.
    assert torch.allclose(batch.scores.sum(1), torch.ones(32))


def test_hook_draws_automix_batches_with_masks(tmp_path):
    cfg = tiny_run_cfg(AUTOMIX_CONFIG, tmp_path, custom_hooks=[
        dict(type='mmrecmix.AutoMixMomentumHook', momentum=0.9, end_momentum=0.99),
        dict(type='mmrecmix.MixVisualizationHook', interval=2, max_images=4)])
    Runner.from_cfg(cfg).train()
    images = sorted(glob.glob(str(tmp_path / '*' / 'vis_data' / 'vis_image' / '*.png')))
    assert images and cv2.imread(images[0]).shape == (*grid_size(4, 16, 32), 3)
    log = open(glob.glob(str(tmp_path / '*' / '*.log'))[0]).read()
    assert re.search(r'drew a (AutoMix|Mixup) batch', log)


# ------------------------------------------------------------------ issue 19 mixes

def demo_with(**model):
    cfg = Config.fromfile(DEMO_CONFIG)
    cfg.merge_from_dict(dict(model=model))
    return cfg


COMPARATOR_AUGMENTS = {
    'FMix': dict(type='mmrecmix.FMix', alpha=1.0),
    'ResizeMix': dict(type='mmrecmix.ResizeMix'),
    'SaliencyMix per image': dict(type='mmrecmix.SaliencyMix', mode='elem'),
    'SaliencyMix per batch': dict(type='mmrecmix.SaliencyMix'),
    'CutMix per pair': dict(type='mmrecmix.CutMix', mode='pair'),
    'SampleSwitch': dict(type='mmrecmix.SampleSwitch', augments=[
        dict(type='mmrecmix.Mixup', mode='elem'), dict(type='mmrecmix.CutMix', mode='elem')]),
}


def test_comparator_batches_report_their_boxes_and_masks():
    np.random.seed(1)
    torch.manual_seed(1)
    seen = {}
    for name, augment in COMPARATOR_AUGMENTS.items():
        model, dataloader = build_training_mix(
            demo_with(train_cfg=dict(augments=augment)))
        batch = mix_batch(model, next(iter(dataloader)))
        torch.testing.assert_close(batch.scores.sum(1), torch.ones(32))
        seen[name] = batch
    fmix = seen['FMix']
    assert fmix.method == 'FMix' and fmix.masks.shape == (32, 1, 16, 16)
    # One mask for the batch; its kept share is each sample's own label weight.
    assert (fmix.masks == fmix.masks[0]).all()
    kept = 1 - fmix.masks[0].mean().item()
    assert ((fmix.scores > 0).sum(1) <= 2).all()
    assert fmix.scores.max(1).values.min() >= max(kept, 1 - kept) - 1e-6
    for name in ('ResizeMix', 'SaliencyMix per batch'):
        box = seen[name].boxes[0]
        assert seen[name].masks is None and seen[name].boxes == [box] * 32
        x1, y1, x2, y2 = box
        assert 0 <= x1 < x2 <= 16 and 0 <= y1 < y2 <= 16
    # Per-sample modes report one box per sample (None where nothing was pasted).
    for name in ('SaliencyMix per image', 'CutMix per pair'):
        boxes = seen[name].boxes
        assert seen[name].masks is None and len(boxes) == 32
        assert len({box for box in boxes if box is not None}) > 1
    # The pair mode swaps the same box between the two samples of a pair.
    step = seen['CutMix per pair'].boxes
    assert sum(box is not None for box in step) % 2 == 0
    # A per-sample switch has nothing one box could show.
    switch = seen['SampleSwitch']
    assert switch.method == 'SampleSwitch' and switch.boxes == [None] * 32


def test_browse_mix_draws_fmix_masks_beside_the_images(tmp_path):
    result = run_tool(BROWSE, DEMO_CONFIG, '--iters', 1, '--num-images', 4, '--out',
                      tmp_path, '--cfg-options', 'model.train_cfg.augments.type='
                      'mmrecmix.FMix')
    assert result.returncode == 0, result.stderr[-3000:]
    assert cv2.imread(str(tmp_path / 'iter_000.png')).shape == (*grid_size(4, 16, 32), 3)
    assert json.loads((tmp_path / 'mix_steps.json').read_text())[0]['method'] == 'FMix'


FEATURE_MIX = dict(type='mmrecmix.FeatureMixClassifier',
                   feature_mix=dict(type='mmrecmix.CutMix', alpha=1.0),
                   mix_stages=(2, ))


def test_feature_cutmix_batch_shows_the_box_scaled_to_the_image():
    np.random.seed(3)
    model, dataloader = build_training_mix(demo_with(**FEATURE_MIX))
    batch = mix_batch(model, next(iter(dataloader)))
    assert batch.method == 'CutMix at stage 2'
    torch.testing.assert_close(batch.scores.sum(1), torch.ones(32))
    # ResNet_CIFAR stage 2 halves the 16x16 digits: an 8x8 map, boxes scaled by 2.
    x1, y1, x2, y2 = batch.boxes[0]
    fx1, fy1, fx2, fy2 = model.feature_mix.last_step['box']
    assert (x1, y1, x2, y2) == (2 * fx1, 2 * fy1, 2 * fx2, 2 * fy2)
    assert model.last_mix is None and not model.record_mix


def test_hook_and_effective_classes_follow_feature_mixes(tmp_path):
    cfg = tiny_run_cfg(DEMO_CONFIG, tmp_path, model=dict(
        FEATURE_MIX, feature_mix=dict(type='Mixup', alpha=1.0), mix_stages=(0, 1)),
        custom_hooks=[dict(type='mmrecmix.MixVisualizationHook', interval=2,
                           max_images=4)])
    Runner.from_cfg(cfg).train()
    log = open(glob.glob(str(tmp_path / '*' / '*.log'))[0]).read()
    assert re.search(r'drew a Mixup (on the input|at stage 1) batch', log)
    main = tool_module('tools/analysis/effective_classes.py').main
    counts = main([DEMO_CONFIG, '--iters', '3', '--out', str(tmp_path / 'p.png'),
                   '--cfg-options', 'model.type=mmrecmix.FeatureMixClassifier',
                   'model.feature_mix.type=Mixup', 'model.feature_mix.alpha=1.0'])
    assert 1.75 <= list(counts.values())[0][0] <= 2.0
