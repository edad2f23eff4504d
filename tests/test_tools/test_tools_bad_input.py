"""Each user mistake gets one short line naming the problem and the fix."""
import glob
import os.path as osp

import pytest
from conftest import DEMO_CONFIG, FULL_TIER, REPO_ROOT, run_tool, tool_module


def assert_short_error(result, *phrases):
    assert result.returncode == 2, result.stdout[-2000:] + result.stderr[-3000:]
    assert 'Traceback' not in result.stderr
    # One error line (argparse puts its usage summary above it).
    lines = result.stderr.strip().splitlines()
    assert len(lines) <= 8 and 'error: ' in lines[-1], result.stderr
    for phrase in phrases:
        assert phrase in result.stderr


def test_missing_config():
    assert_short_error(run_tool('train.py', 'configs/nope.py'),
                       "config file 'configs/nope.py' does not exist",
                       'configs/demo/resnet18_digits_demo.py')


def test_unknown_launcher():
    assert_short_error(run_tool('train.py', DEMO_CONFIG, '--launcher', 'lsf'),
                       "--launcher: invalid choice: 'lsf'", "'pytorch'")


@pytest.mark.parametrize('tool', ['train.py', 'test.py'])
def test_missing_checkpoint(tool, tmp_path):
    args = (['--resume', 'no/such.pth'] if tool == 'train.py' else ['no/such.pth'])
    assert_short_error(run_tool(tool, DEMO_CONFIG, *args, '--work-dir', tmp_path),
                       "checkpoint 'no/such.pth' does not exist", 'Pass ')


def test_automix_checkpoint_for_a_plain_classifier_names_the_converter(tmp_path):
    """A plain classifier would load the online encoder of an AutoMix checkpoint (and
    only warn about its momentum encoder, the one AutoMix evaluates)."""
    import torch
    checkpoint = str(tmp_path / 'automix.pth')
    torch.save(dict(meta=dict(), state_dict={
        'backbone.conv1.weight': torch.zeros(1),
        'momentum_encoder.backbone.conv1.weight': torch.zeros(1)}), checkpoint)
    assert_short_error(run_tool('test.py', DEMO_CONFIG, checkpoint, '--work-dir', tmp_path),
                       'is an AutoMix checkpoint', 'ImageClassifier',
                       'tools/model_converters/automix_to_classifier.py')


def test_unregistered_mmrecmix_type(tmp_path):
    result = run_tool('train.py', DEMO_CONFIG, '--work-dir', tmp_path,
                      '--cfg-options', 'train_dataloader.dataset.type=mmrecmix.Digitz')
    assert_short_error(result, "train_dataloader.dataset.type = 'mmrecmix.Digitz'",
                       "no module named 'Digitz'", 'Digits', 'Fix the name')


def test_amp_without_gpu(tmp_path):
    assert_short_error(run_tool('train.py', DEMO_CONFIG, '--amp', '--work-dir', tmp_path),
                       '--amp needs a GPU')


def test_auto_scale_lr_without_base_batch_size(tmp_path):
    result = run_tool('train.py', DEMO_CONFIG, '--auto-scale-lr', '--work-dir', tmp_path,
                      '--cfg-options', 'auto_scale_lr=None')
    assert_short_error(result, 'base_batch_size')


@pytest.mark.parametrize('config, expected', [
    ('configs/imagenet/resnet50_8xb64-300e_in1k.py', 'meta/{train,val}.txt'),
    ('configs/cifar/resnet18_2xb64-200e_cifar10.py', 'cifar-10-batches-py/'),
    pytest.param('configs/transfer/atss_r50_fpn_1x_coco_mmrecmix.py',
                 'annotations/instances_{train,val}2017.json', marks=FULL_TIER),
    pytest.param('configs/transfer/upernet_r50_adamw_80k_ade20k_mmrecmix.py',
                 'images/{training', marks=FULL_TIER),
])
def test_dataset_root_without_the_layout(config, expected, tmp_path):
    result = run_tool('train.py', config, '--work-dir', tmp_path, '--cfg-options',
                      f'train_dataloader.dataset.data_root={tmp_path}/')
    assert_short_error(result, 'does not exist', expected,
                       'set train_dataloader.dataset.data_root')


@pytest.mark.parametrize('tool, positional', [
    ('tools/train.py', []), ('tools/test.py', ['epoch_1.pth']),
    ('tools/evaluate.py', ['epoch_1.pth']),
    ('tools/analysis/browse_mix.py', []), ('tools/analysis/effective_classes.py', []),
    # The converters read SRC DST --config CONFIG: the demo config stands in as SRC.
    ('tools/model_converters/openmixup_to_mmrecmix.py', ['dst.pth', '--config', DEMO_CONFIG]),
    ('tools/model_converters/smmix_to_mmrecmix.py', ['dst.pth', '--config', DEMO_CONFIG]),
    ('tools/model_converters/clovaai_to_mmrecmix.py', ['dst.pth', '--config', DEMO_CONFIG])])
def test_cfg_options_nested_dict_names_the_supported_forms(tool, positional, capsys):
    """mmengine's parser recurses without end on dict(...): one line instead, in
    every tool that takes --cfg-options."""
    option = 'model.train_cfg.augments=dict(type=mmrecmix.CutMix,alpha=1.0)'
    with pytest.raises(SystemExit) as stopped:
        tool_module(tool).main([DEMO_CONFIG, *positional, '--cfg-options', option])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert 'Traceback' not in err and 'RecursionError' not in err
    assert err.strip().splitlines() == [
        f"error: --cfg-options '{option}': not a form it reads; use key.sub=value, lists "
        'key=[a,b], tuples key="(a,b)"; a nested dict one key at a time, e.g. '
        'model.train_cfg.augments.type=mmrecmix.CutMix.']


def test_no_tool_parses_options_with_mmengine_dict_action():
    """A tool with mmengine's own DictAction would bring the traceback back."""
    users = [osp.relpath(path, REPO_ROOT)
             for path in glob.glob(osp.join(REPO_ROOT, 'tools', '**', '*.py'), recursive=True)
             if 'DictAction' in open(path).read()]
    assert users == []


def test_evaluate_options_nested_dict_names_the_supported_forms(capsys):
    """tools/evaluate.py --options goes through the same reader, named as --options."""
    option = 'fgsm=dict(eps=8/255,steps=1)'
    with pytest.raises(SystemExit) as stopped:
        tool_module('tools/evaluate.py').main([DEMO_CONFIG, 'epoch_1.pth', '--options',
                                               option])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert 'Traceback' not in err and 'RecursionError' not in err
    assert err.strip().splitlines()[0].startswith(
        f"error: --options '{option}': not a form it reads; use key.sub=value")
