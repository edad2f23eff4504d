"""`tools/train.py --amp` on CUDA for every training config family: RecursiveMix with
its RoI neck, CutMix, SMMix (GuidedMixClassifier), AutoMix on the digits demos, and the mmdet /
mmseg transfer stacks on generated COCO / ADE20K, in float16 and bfloat16. Collected
only where a GPU is visible (AmpOptimWrapper refuses the CPU); tools/gpu_check.sh runs
them with the CUDA half of the device tests."""
import os.path as osp

import pytest
import torch
from conftest import FULL_TIER, REPO_ROOT, run_tool

CUDA = ['cuda'] if torch.cuda.is_available() else []
DEMOS = ['resnet18_digits_recursivemix.py', 'resnet18_digits_cutmix.py',
         'vit_digits_smmix.py', 'resnet18_digits_automix.py']
TINY = ['train_cfg.max_epochs=1', 'train_dataloader.dataset.indices=128',
        'val_dataloader.dataset.indices=64', 'default_hooks.logger.interval=1']


def assert_trained(result, marker):
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    log = result.stdout + result.stderr
    assert marker in log and 'nan' not in log.split(marker)[1][:400]


@pytest.mark.parametrize('device', CUDA)
@pytest.mark.parametrize('dtype', ['float16', 'bfloat16'])
@pytest.mark.parametrize('config', DEMOS)
def test_demo_trains_with_amp(device, dtype, config, tmp_path):
    result = run_tool('train.py', osp.join(REPO_ROOT, 'configs', 'demo', config),
                      '--amp', '--amp-dtype', dtype, '--work-dir', tmp_path,
                      '--cfg-options', *TINY)
    assert_trained(result, 'Epoch(train) [1][4/4]')
    assert 'accuracy/top1' in result.stdout + result.stderr


@FULL_TIER
@pytest.mark.parametrize('device', CUDA)
@pytest.mark.parametrize('dtype', ['float16', 'bfloat16'])
@pytest.mark.parametrize('config,root', [('atss_r18_tiny_coco.py', 'coco_root'),
                                         ('pspnet_r18_tiny_ade20k.py', 'ade20k_root')])
def test_transfer_trains_with_amp(device, dtype, config, root, request, tmp_path):
    data_root = request.getfixturevalue(root)
    result = run_tool('train.py', osp.join(REPO_ROOT, 'tests', 'configs', config),
                      '--amp', '--amp-dtype', dtype, '--work-dir', tmp_path,
                      '--cfg-options', f'train_dataloader.dataset.data_root={data_root}/')
    assert_trained(result, 'Iter(train) [1/1]')
