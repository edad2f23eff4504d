"""Transfer configs: one training iteration on generated COCO / ADE20K data, with
the backbone filled from an mmrecmix ResNet-50 checkpoint; a partial checkpoint stops
the run with its keys."""
import glob
import os.path as osp
import re

import pytest
import torch
from conftest import REPO_ROOT, run_tool

from mmrecmix.registry import MODELS

pytestmark = pytest.mark.full_tier

TRANSFER = osp.join(REPO_ROOT, 'configs', 'transfer')


def small_coco(resize_step):
    """One epoch of two 128x96 images (COCO's 1x schedule is epoch-based)."""
    return lambda root: [f'train_dataloader.dataset.data_root={root}/',
                         'train_dataloader.dataset.indices=2', 'train_cfg.max_epochs=1',
                         f'train_dataloader.dataset.pipeline.{resize_step}.scale=(128,96)']


def small_ade20k(pvt=False):
    """One iteration of 64x64 crops (ADE20K's 80k schedule is iteration-based)."""
    norms = ['model.decode_head.norm_cfg.type=BN', 'model.auxiliary_head.norm_cfg.type=BN']
    if not pvt:
        norms.append('model.backbone.norm_cfg.type=BN')
    return lambda root: [f'train_dataloader.dataset.data_root={root}',
                         'train_cfg.max_iters=1',
                         'train_dataloader.dataset.pipeline.2.scale=(96,64)',
                         'train_dataloader.dataset.pipeline.3.crop_size=(64,64)',
                         'model.data_preprocessor.size=(64,64)', *norms]


# Every transfer config must be listed here (checked below).
SMALL = {
    'atss_r50_fpn_1x_coco_mmrecmix.py': small_coco(2),
    'gfl_r50_fpn_1x_coco_mmrecmix.py': small_coco(2),
    'mask-rcnn_r50_fpn_1x_coco_mmrecmix.py': small_coco(2),
    'htc_r50_fpn_1x_coco_mmrecmix.py': small_coco(2),
    'atss_pvtv2-b1_fpn_1x_coco_mmrecmix.py': small_coco(2),
    'gfl_pvtv2-b1_fpn_1x_coco_mmrecmix.py': small_coco(2),
    'mask-rcnn_pvtv2-b1_fpn_1x_coco_mmrecmix.py': small_coco(2),
    'htc_pvtv2-b1_fpn_1x_coco_mmrecmix.py': small_coco(2),
    'upernet_r50_adamw_80k_ade20k_mmrecmix.py': small_ade20k(),
    'upernet_r50_sgd_80k_ade20k_mmrecmix.py': small_ade20k(),
    'pspnet_r50_adamw_80k_ade20k_mmrecmix.py': small_ade20k(),
    'upernet_pvtv2-b1_80k_ade20k_mmrecmix.py': small_ade20k(pvt=True),
    'pspnet_pvtv2-b1_80k_ade20k_mmrecmix.py': small_ade20k(pvt=True),
}
ONE_ITERATION = ['train_dataloader.batch_size=2', 'train_dataloader.num_workers=0',
                 'train_dataloader.persistent_workers=False',
                 'param_scheduler=[]', 'default_hooks.logger.interval=1',
                 'val_dataloader=None', 'val_cfg=None', 'val_evaluator=None']


@pytest.fixture(scope='module')
def pvt_checkpoint(tmp_path_factory):
    """The extracted backbone of an mmrecmix PVTv2-B1 classifier checkpoint."""
    torch.manual_seed(0)
    model = MODELS.build(dict(type='mmrecmix.PyramidVisionTransformerV2Cls',
                              embed_dims=64, num_layers=[2, 2, 2, 2]))
    folder = tmp_path_factory.mktemp('pvt')
    torch.save(dict(state_dict={f'backbone.{k}': v for k, v in model.state_dict().items()}),
               folder / 'classifier.pth')
    result = run_tool('model_converters/extract_backbone.py', folder / 'classifier.pth',
                      folder / 'full.pth')
    assert result.returncode == 0, result.stderr[-2000:]
    partial = torch.load(folder / 'full.pth')['state_dict']
    partial = {k: v for k, v in partial.items() if not k.startswith('layers.0.0.')}
    torch.save(dict(state_dict=partial), folder / 'partial.pth')
    return folder


@pytest.fixture(scope='module')
def r50_checkpoint(tmp_path_factory):
    """An mmrecmix RecursiveMixClassifier ResNet-50 checkpoint (random weights)."""
    torch.manual_seed(0)
    model = MODELS.build(dict(
        type='mmrecmix.RecursiveMixClassifier', backbone=dict(type='ResNet', depth=50),
        neck=dict(type='GlobalAveragePooling'),
        head=dict(type='LinearClsHead', num_classes=1000, in_channels=2048),
        data_preprocessor=dict(type='ClsDataPreprocessor', num_classes=1000),
        train_cfg=dict(augments=dict(type='mmrecmix.RecursiveMix')),
        consistency=dict(type='mmrecmix.RoIConsistencyNeck', in_channels=2048,
                         num_classes=1000)))
    state = model.state_dict()
    folder = tmp_path_factory.mktemp('r50')
    torch.save(dict(state_dict=state, meta=dict(epoch=300)), folder / 'full.pth')
    partial = {k: v for k, v in state.items() if not k.startswith('backbone.layer1.0.')}
    torch.save(dict(state_dict=partial), folder / 'partial.pth')
    return folder


def train_one_iteration(name, root, checkpoint, work_dir, *extra):
    return run_tool('train.py', osp.join(TRANSFER, name), '--work-dir', work_dir,
                    '--cfg-options', *SMALL[name](root), *ONE_ITERATION,
                    f'model.backbone.init_cfg.checkpoint={checkpoint}', *extra)


@pytest.mark.parametrize('name', list(SMALL))
def test_backbone_is_filled_and_one_iteration_runs(name, r50_checkpoint, pvt_checkpoint,
                                                    coco_root, ade20k_root, tmp_path):
    root = coco_root if 'coco' in name else ade20k_root
    checkpoints = pvt_checkpoint if 'pvt' in name else r50_checkpoint
    result = train_one_iteration(name, root, checkpoints / 'full.pth', tmp_path)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-4000:]
    log = result.stdout + result.stderr
    assert 'VerifyPretrainedHook: backbone matches' in log
    assert re.search(r'(Iter|Epoch)\(train\) +(\[1\])?\[1/1\]', log)


@pytest.mark.parametrize('name', ['atss_r50_fpn_1x_coco_mmrecmix.py',
                                  'upernet_r50_adamw_80k_ade20k_mmrecmix.py',
                                  'atss_pvtv2-b1_fpn_1x_coco_mmrecmix.py'])
def test_partial_checkpoint_stops_the_run(name, r50_checkpoint, pvt_checkpoint,
                                          coco_root, ade20k_root, tmp_path):
    root = coco_root if 'coco' in name else ade20k_root
    checkpoints = pvt_checkpoint if 'pvt' in name else r50_checkpoint
    result = train_one_iteration(name, root, checkpoints / 'partial.pth', tmp_path)
    assert result.returncode != 0
    missing = 'layers.0.0.norm.bias' if 'pvt' in name else 'layer1.0.bn1.bias'
    assert f'missing keys: {missing}' in result.stderr
    assert '(train)' not in result.stdout + result.stderr


def test_missing_checkpoint_file_is_named(coco_root, tmp_path):
    name = 'atss_r50_fpn_1x_coco_mmrecmix.py'
    result = train_one_iteration(name, coco_root, 'no/such/epoch_300.pth', tmp_path)
    assert result.returncode != 0
    assert "init_cfg checkpoint 'no/such/epoch_300.pth' does not exist" in result.stderr


def test_every_transfer_config_is_tested():
    configs = {osp.basename(p) for p in glob.glob(osp.join(TRANSFER, '*.py'))}
    assert configs == set(SMALL)
