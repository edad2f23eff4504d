"""One training iteration of tiny mmdet and mmseg configs through tools/train.py on
generated COCO / ADE20K data: the OpenMMLab stack and mmcv's compiled ops work here."""
import os.path as osp

import pytest

from conftest import REPO_ROOT, run_tool

pytestmark = pytest.mark.full_tier

CONFIGS = osp.join(REPO_ROOT, 'tests', 'configs')


def assert_one_iteration(result, work_dir):
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    log = result.stdout + result.stderr
    assert 'Iter(train) [1/1]' in log
    assert 'loss' in log and 'nan' not in log.split('Iter(train) [1/1]')[1][:400]
    assert osp.isfile(osp.join(work_dir, 'iter_1.pth'))


def test_mmcv_ops_compiled():
    import torch
    from mmcv.ops import nms, roi_align
    boxes = torch.tensor([[0., 0., 10., 10.], [1., 1., 11., 11.], [20., 20., 30., 30.]])
    _, keep = nms(boxes, torch.tensor([0.9, 0.8, 0.7]), iou_threshold=0.5)
    assert keep.tolist() == [0, 2]
    feature = torch.arange(16.).view(1, 1, 4, 4)
    pooled = roi_align(feature, torch.tensor([[0., 0., 0., 4., 4.]]), (1, 1), 1.0, 0,
                       'avg', True)
    assert pooled.item() == pytest.approx(feature.mean().item())


def test_atss_one_iteration_on_coco_layout(coco_root, tmp_path):
    result = run_tool('train.py', osp.join(CONFIGS, 'atss_r18_tiny_coco.py'),
                      '--work-dir', tmp_path, '--cfg-options',
                      f'train_dataloader.dataset.data_root={coco_root}/')
    assert_one_iteration(result, tmp_path)


def test_pspnet_one_iteration_on_ade20k_layout(ade20k_root, tmp_path):
    result = run_tool('train.py', osp.join(CONFIGS, 'pspnet_r18_tiny_ade20k.py'),
                      '--work-dir', tmp_path, '--cfg-options',
                      f'train_dataloader.dataset.data_root={ade20k_root}')
    assert_one_iteration(result, tmp_path)
