"""tools/analysis/cam_overlay.py: CAM overlays with the map's box and the true boxes,
one PNG per image of a generated CUB-200-2011 tree."""
import cv2
import numpy as np
import torch
from conftest import tool_module
from mmengine.config import Config
from wsol_data import make_cub

from mmrecmix.registry import MODELS

MODEL = dict(type='ImageClassifier',
             data_preprocessor=dict(type='ClsDataPreprocessor', num_classes=3,
                                    mean=[128] * 3, std=[64] * 3, to_rgb=True),
             backbone=dict(type='ResNet_CIFAR', depth=18, base_channels=8),
             neck=dict(type='GlobalAveragePooling'),
             head=dict(type='LinearClsHead', num_classes=3, in_channels=64))


def test_overlays_show_the_true_box_in_red(tmp_path):
    root = make_cub(str(tmp_path / 'cub'))
    config = tmp_path / 'cub_wsol.py'
    Config(dict(
        default_scope='mmrecmix', model=MODEL,
        test_dataloader=dict(dataset=dict(type='CUB', data_root=root, split='test',
                                          pipeline=[])),
        evaluation=dict(wsol=dict(data_root=root)))).dump(str(config))
    checkpoint = tmp_path / 'model.pth'
    torch.manual_seed(0)
    torch.save(dict(state_dict=MODELS.build(MODEL).state_dict()), checkpoint)
    out_dir = tmp_path / 'overlays'
    written = tool_module('tools/analysis/cam_overlay.py').main([
        str(config), str(checkpoint), '--num-images', '2', '--resize', '48',
        '--out-dir', str(out_dir), '--cam', 'gt'])
    assert [p.split('/')[-1] for p in written] == ['00000_Black_footed_Albatross_0001.png',
                                                  '00001_Laysan_Albatross_0003.png']
    image = cv2.imread(written[0])
    assert image.shape == (24 + 48, 48, 3)
    # The first image's box (10, 5, 40, 25) in 80 x 60 pixels is (6, 4, 24, 20) at
    # 48 x 48: its left edge is drawn in red (BGR) below the 24-pixel title band.
    edge = image[24 + 8:24 + 16, 6]
    assert (edge[:, 2] > 200).all() and (edge[:, :2] < 60).all()
    assert (image[:24] == 255).mean() > 0.6    # the white title band
    assert not np.array_equal(image[24:, :, 0], image[24:, :, 2])
