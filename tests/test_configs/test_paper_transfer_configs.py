"""The papers' detection and segmentation transfer configs (configs/transfer/automix,
cutmix, smmix): each family trains two iterations on generated data in its dataset's
layout, the backbone filled from a checkpoint of ours with
mmrecmix.VerifyPretrainedHook passing; the other configs pin their recipe values."""
import glob
import os
import os.path as osp
import re

import numpy as np
import pytest
import torch
from conftest import REPO_ROOT, tool_module
from PIL import Image

pytestmark = pytest.mark.full_tier

PAPERS = osp.join(REPO_ROOT, 'configs', 'transfer')
C4_VOC = 'automix/faster-rcnn_r50-c4_ms-24k_voc0712_mmrecmix.py'
C4_COCO = 'automix/faster-rcnn_r50-c4_ms-2x_coco_mmrecmix.py'
FPN_VOC = 'cutmix/faster-rcnn_r50_fpn_1x_voc0712_mmrecmix.py'
SSD_VOC = 'cutmix/ssd300_r50_voc0712_mmrecmix.py'
MASK_PVT_T = 'smmix/mask-rcnn_pvt-t_fpn_1x_coco_mmrecmix.py'
MASK_PVT_S = 'smmix/mask-rcnn_pvt-s_fpn_1x_coco_mmrecmix.py'
SEMFPN_PVT_T = 'smmix/fpn_pvt-t_40k_ade20k_mmrecmix.py'
SEMFPN_PVT_S = 'smmix/fpn_pvt-s_40k_ade20k_mmrecmix.py'
TWO_ITERATIONS = ['train_dataloader.batch_size=2', 'train_dataloader.num_workers=0',
                 'train_dataloader.persistent_workers=False', 'param_scheduler=[]',
                 'default_hooks.logger.interval=1', 'val_dataloader=None',
                 'val_cfg=None', 'val_evaluator=None', 'default_hooks.checkpoint=None']


def make_voc(root, years=('2007', '2012'), height=96, width=128, seed=0):
    """VOCdevkit/VOC<year>/{Annotations/*.xml, ImageSets/Main/trainval.txt,
    JPEGImages/*.jpg}, one image with two boxes a year."""
    rng = np.random.default_rng(seed)
    for year in years:
        folder = osp.join(root, 'VOCdevkit', f'VOC{year}')
        for sub in ('Annotations', 'ImageSets/Main', 'JPEGImages'):
            os.makedirs(osp.join(folder, sub), exist_ok=True)
        name = f'{year}_000001'
        pixels = rng.integers(0, 256, (height, width, 3), dtype=np.uint8)
        objects = ''
        for label, (x1, y1, x2, y2) in (('dog', (8, 8, 60, 70)), ('car', (64, 20, 120, 90))):
            pixels[y1:y2, x1:x2] = rng.integers(0, 256, 3)
            objects += (f'<object><name>{label}</name><difficult>0</difficult><bndbox>'
                        f'<xmin>{x1}</xmin><ymin>{y1}</ymin><xmax>{x2}</xmax>'
                        f'<ymax>{y2}</ymax></bndbox></object>')
        Image.fromarray(pixels).save(osp.join(folder, 'JPEGImages', f'{name}.jpg'))
        with open(osp.join(folder, 'Annotations', f'{name}.xml'), 'w') as f:
            f.write(f'<annotation><filename>{name}.jpg</filename><size><width>{width}'
                    f'</width><height>{height}</height><depth>3</depth></size>{objects}'
                    '</annotation>')
        with open(osp.join(folder, 'ImageSets', 'Main', 'trainval.txt'), 'w') as f:
            f.write(name + '\n')
    return osp.join(root, 'VOCdevkit')


@pytest.fixture(scope='module')
def voc_root(tmp_path_factory):
    return make_voc(str(tmp_path_factory.mktemp('voc')))


@pytest.fixture(scope='module')
def checkpoints(tmp_path_factory):
    """An mmrecmix ResNet-50 classifier checkpoint, its C4 split, and the backbones of
    PVT-Tiny and PVT-Small (v1) classifiers of ours (``PyramidVisionTransformerCls``,
    with their class token and final norm) that extract_backbone.py extracted: the
    route of configs/transfer/_base_/pvt_v1_backbone.py."""
    from mmpretrain.models import ImageClassifier
    folder = tmp_path_factory.mktemp('transfer_ckpt')
    torch.manual_seed(0)
    r50 = ImageClassifier(backbone=dict(type='ResNet', depth=50),
                          neck=dict(type='GlobalAveragePooling'),
                          head=dict(type='LinearClsHead', num_classes=10, in_channels=2048))
    torch.save(dict(state_dict=r50.state_dict()), folder / 'r50.pth')
    tool_module('tools/model_converters/resnet_to_c4.py').main(
        [str(folder / 'r50.pth'), str(folder / 'c4.pth')])
    for arch in ('tiny', 'small'):
        pvt = ImageClassifier(
            backbone=dict(type='mmrecmix.PyramidVisionTransformerCls', arch=arch),
            head=dict(type='LinearClsHead', num_classes=10, in_channels=512))
        assert 'backbone.cls_token' in pvt.state_dict()
        torch.save(dict(state_dict=pvt.state_dict()), folder / f'pvt-{arch}_cls.pth')
        tool_module('tools/model_converters/extract_backbone.py').main(
            [str(folder / f'pvt-{arch}_cls.pth'), str(folder / f'pvt-{arch}.pth')])
    return folder


def train_log(name, work_dir, options):
    """Train ``name`` in this process with ``options``; the run's log text."""
    tool_module('tools/train.py').main(
        [osp.join(PAPERS, name), '--work-dir', str(work_dir), '--cfg-options',
         *TWO_ITERATIONS, *options])
    logs = glob.glob(osp.join(str(work_dir), '*', '*.log'))
    assert logs, 'no log written'
    with open(logs[0]) as f:
        return f.read()


def voc_options(root, datasets, resize_step, scale='(128,96)'):
    options = []
    for index in (0, 1):
        key = f'{datasets}.{index}'
        options += [f'{key}.data_root={root}/', f'{key}.pipeline.{resize_step}={scale}']
    return options


C4_SMALL = ['train_cfg.max_iters=2', 'model.backbone.norm_cfg.type=BN',
            'model.roi_head.shared_head.norm_cfg.type=BN',
            'model.train_cfg.rpn_proposal.max_per_img=32',
            'model.train_cfg.rcnn.sampler.num=8']
C4_HEAD = ['model.roi_head.shared_head.init_cfg.checkpoint={}']


def c4_on_voc(root):
    return [*voc_options(root, 'train_dataloader.dataset.datasets', '2.scales', '[(128,96)]'),
            *C4_SMALL]


def c4_on_coco(root):
    return [f'train_dataloader.dataset.data_root={root}/', 'train_cfg.max_epochs=1',
            'train_dataloader.dataset.indices=4',
            'train_dataloader.dataset.pipeline.2.scales=[(128,96)]', *C4_SMALL[1:]]


def repeated_voc(resize_step, scale):
    datasets = 'train_dataloader.dataset.dataset.datasets'
    return lambda root: [*voc_options(root, datasets, resize_step, scale),
                         'train_dataloader.dataset.times=2', 'train_cfg.max_epochs=1']


def small_coco(root):
    return [f'train_dataloader.dataset.data_root={root}/', 'train_cfg.max_epochs=1',
            'train_dataloader.dataset.indices=4',
            'train_dataloader.dataset.pipeline.2.scale=(128,96)']


def small_ade20k(root):
    return [f'train_dataloader.dataset.data_root={root}', 'train_cfg.max_iters=2',
            'train_dataloader.dataset.pipeline.2.scale=(96,64)',
            'train_dataloader.dataset.pipeline.3.crop_size=(64,64)',
            'model.data_preprocessor.size=(64,64)', 'model.decode_head.norm_cfg.type=BN']


# Every detector and segmentor config: (data fixture, small-run options, checkpoint,
# extra options, the modules the checkpoint must fill).
FAMILIES = {
    C4_VOC: ('voc_root', c4_on_voc, 'c4.pth', C4_HEAD, ('backbone', 'roi_head.shared_head')),
    C4_COCO: ('coco_root', c4_on_coco, 'c4.pth', C4_HEAD,
              ('backbone', 'roi_head.shared_head')),
    FPN_VOC: ('voc_root', repeated_voc('2.scale', '(128,96)'), 'r50.pth',
              ['model.train_cfg.rcnn.sampler.num=64'], ('backbone', )),
    SSD_VOC: ('voc_root', repeated_voc('4.scale', '(300,300)'), 'c4.pth',
              ['custom_hooks.1.interval=1'], ('backbone', )),
    MASK_PVT_T: ('coco_root', small_coco, 'pvt-tiny.pth',
                 ['model.train_cfg.rcnn.sampler.num=64'], ('backbone', )),
    MASK_PVT_S: ('coco_root', small_coco, 'pvt-small.pth',
                 ['model.train_cfg.rcnn.sampler.num=64'], ('backbone', )),
    SEMFPN_PVT_T: ('ade20k_root', small_ade20k, 'pvt-tiny.pth', [], ('backbone', )),
    SEMFPN_PVT_S: ('ade20k_root', small_ade20k, 'pvt-small.pth', [], ('backbone', )),
}


@pytest.mark.parametrize('name', list(FAMILIES))
def test_backbone_is_filled_and_two_iterations_run(name, checkpoints, request, tmp_path):
    fixture, small, checkpoint, extra, parts = FAMILIES[name]
    checkpoint = checkpoints / checkpoint
    log = train_log(name, tmp_path, [
        *small(request.getfixturevalue(fixture)), *(o.format(checkpoint) for o in extra),
        f'model.backbone.init_cfg.checkpoint={checkpoint}'])
    for part in parts:
        assert f'VerifyPretrainedHook: {part} matches' in log, log[-3000:]
    assert re.search(r'(Iter|Epoch)\(train\) +(\[1\])?\[2/2\]', log), log[-2000:]


def test_c4_split_refuses_a_backbone_without_stage_4(tmp_path):
    from mmrecmix.cli import UsageError
    torch.save(dict(state_dict={'backbone.conv1.weight': torch.zeros(1)}), tmp_path / 'a.pth')
    with pytest.raises((UsageError, SystemExit)):
        tool_module('tools/model_converters/resnet_to_c4.py').main(
            [str(tmp_path / 'a.pth'), str(tmp_path / 'b.pth')])


@pytest.mark.stack_independent
def test_recipes_and_claims():
    from mmengine.config import Config

    def load(name):
        return Config.fromfile(osp.join(PAPERS, name))

    voc, coco = load(C4_VOC), load(C4_COCO)
    for cfg in (voc, coco):
        assert cfg.model.backbone.style == cfg.model.roi_head.shared_head.style == 'pytorch'
        assert cfg.model.data_preprocessor.std == [58.395, 57.12, 57.375]
        assert cfg.model.data_preprocessor.bgr_to_rgb
        assert cfg.model.backbone.frozen_stages == -1
        assert cfg.model.backbone.norm_cfg.type == 'SyncBN'
        assert cfg.optim_wrapper.optimizer.lr == 0.02
    assert voc.train_cfg.max_iters == 24000
    assert voc.param_scheduler[1].milestones == [18000, 22000]
    assert coco.train_cfg.max_epochs == 24 and coco.param_scheduler[1].milestones == [16, 22]
    assert {r.column for r in coco.paper_rows} == {'COCO mAP', 'AP50', 'AP75'}

    ssd = load(SSD_VOC)
    assert ssd.model.backbone.strides == (1, 2, 1)
    assert ssd.model.neck.out_channels == ssd.model.bbox_head.in_channels
    assert ssd.model.bbox_head.anchor_generator.strides == [8, 16, 32, 64, 100, 300]
    assert load(FPN_VOC).paper_rows == [dict(paper='CutMix', table='T10', column='FRCNN mAP'),
                                        dict(paper='CutMix', table='T1', column='VOC det mAP')]

    for name, depths, group, table in ((MASK_PVT_T, [2, 2, 2, 2], 'PVT-T', 'T4'),
                                       (MASK_PVT_S, [3, 4, 6, 3], 'PVT-S', 'T4'),
                                       (SEMFPN_PVT_T, [2, 2, 2, 2], 'PVT-T', 'T3'),
                                       (SEMFPN_PVT_S, [3, 4, 6, 3], 'PVT-S', 'T3')):
        cfg = load(name)
        assert cfg.model.backbone.type == 'mmdet.PyramidVisionTransformer'
        assert cfg.model.backbone.num_layers == depths
        assert not cfg.model.backbone.convert_weights
        assert cfg.optim_wrapper.optimizer == dict(type='AdamW', lr=2e-4, weight_decay=1e-4)
        assert cfg.paper_rows == [dict(paper='SMMix', table=table, group=group)]
        assert cfg.custom_hooks[-1].type == 'mmrecmix.VerifyPretrainedHook'
    semfpn = load(SEMFPN_PVT_S)
    assert semfpn.train_cfg.max_iters == 40000 and semfpn.train_dataloader.batch_size == 4
    assert semfpn.param_scheduler[0].end == 40000 and semfpn.param_scheduler[0].eta_min == 0


@pytest.mark.stack_independent
def test_every_paper_transfer_config_is_listed():
    found = {osp.relpath(p, PAPERS)
             for folder in ('automix', 'cutmix', 'smmix')
             for p in glob.glob(osp.join(PAPERS, folder, '*.py'))}
    assert found == {C4_VOC, C4_COCO, FPN_VOC, SSD_VOC, MASK_PVT_T, MASK_PVT_S,
                     SEMFPN_PVT_T, SEMFPN_PVT_S}
