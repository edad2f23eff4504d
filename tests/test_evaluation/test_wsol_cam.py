"""Class activation maps of a classifier's own head (mmrecmix.evaluation.cam), the
'wsol' suite's config and a whole localisation test run through mmengine's Runner on a
generated CUB-200-2011 tree."""
import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.runner import Runner
from wsol_data import CUB_IMAGES, make_cub

from mmrecmix.evaluation.cam import check_cam_support, class_activation_maps
from mmrecmix.evaluation.metrics.wsol import MaxBoxAccV2
from mmrecmix.evaluation.suites import apply_suite, suite_row
from mmrecmix.registry import MODELS

NUM_CLASSES = 3


def resnet_cfg():
    return dict(type='ImageClassifier',
                data_preprocessor=dict(type='ClsDataPreprocessor',
                                       num_classes=NUM_CLASSES, mean=[128] * 3,
                                       std=[64] * 3, to_rgb=True),
                backbone=dict(type='ResNet_CIFAR', depth=18, base_channels=8),
                neck=dict(type='GlobalAveragePooling'),
                head=dict(type='LinearClsHead', num_classes=NUM_CLASSES,
                          in_channels=64))


@pytest.fixture(scope='module')
def resnet():
    torch.manual_seed(0)
    model = MODELS.build(resnet_cfg())
    model.init_weights()
    model.eval()
    return model


def test_cams_are_the_fc_weights_times_the_last_feature_map(resnet):
    inputs = torch.randn(2, 3, 32, 48)
    cams, logits = class_activation_maps(resnet, inputs)
    with torch.no_grad():
        features = resnet.backbone(inputs)[-1]
    weight, bias = resnet.head.fc.weight, resnet.head.fc.bias
    predicted = logits.argmax(dim=1)
    assert cams.shape == (2, 4, 6) == features.shape[:1] + features.shape[2:]
    for n in range(2):
        manual = (weight[predicted[n]][:, None, None] * features[n]).sum(dim=0)
        torch.testing.assert_close(cams[n], manual)
        # Global average pooling: the map's mean plus the bias is the class's logit.
        torch.testing.assert_close(cams[n].mean() + bias[predicted[n]],
                                   logits[n, predicted[n]])
    both, _ = class_activation_maps(resnet, inputs, torch.tensor([[0, 2], [1, 1]]))
    manual = (weight[2][:, None, None] * features[0]).sum(dim=0)
    assert both.shape == (2, 2, 4, 6)
    torch.testing.assert_close(both[0, 1], manual)


def test_a_vision_transformer_is_refused():
    vit = MODELS.build(dict(
        type='ImageClassifier',
        backbone=dict(type='VisionTransformer', arch='deit-tiny', img_size=32,
                      patch_size=16),
        neck=None,
        head=dict(type='VisionTransformerClsHead', num_classes=NUM_CLASSES,
                  in_channels=192)))
    with pytest.raises(ValueError, match=r'Vision Transformer classifies its class '
                                         r'token.*GlobalAveragePooling.*LinearClsHead'):
        check_cam_support(vit)
    without_neck = MODELS.build(dict(resnet_cfg(), neck=None))
    with pytest.raises(ValueError, match=r'neck must be a 2-D GlobalAveragePooling '
                                         r'\(got backbone ResNet_CIFAR, neck none'):
        check_cam_support(without_neck)


def base_cfg(root, work_dir):
    pipeline = [dict(type='LoadImageFromFile'), dict(type='ResizeEdge', scale=72),
                dict(type='CenterCrop', crop_size=64), dict(type='PackInputs')]
    return Config(dict(
        default_scope='mmrecmix', work_dir=str(work_dir), model=resnet_cfg(),
        test_dataloader=dict(
            batch_size=2, num_workers=0, sampler=dict(type='DefaultSampler',
                                                      shuffle=False),
            dataset=dict(type='CUB', data_root=root, split='test', pipeline=pipeline)),
        test_evaluator=dict(type='Accuracy'), test_cfg=dict(),
        default_hooks=dict(logger=dict(type='LoggerHook', interval=1)),
        log_level='WARNING'))


def test_the_suite_resizes_without_a_crop_and_scores_the_cams(tmp_path):
    cfg = apply_suite(base_cfg('data/cub', tmp_path), 'wsol',
                      dict(data_root='data/cub', resize=64, cam_threshold=0.3))
    assert cfg.test_cfg == dict(type='mmrecmix.CAMTestLoop')
    dataset = cfg.test_dataloader.dataset
    assert dataset.type == 'mmrecmix.CUBWithBoxes' and dataset.data_root == 'data/cub'
    assert [step['type'] for step in dataset.pipeline] == [
        'LoadImageFromFile', 'Resize', 'PackInputs']
    assert dataset.pipeline[1].scale == (64, 64)
    assert [e['type'] for e in cfg.test_evaluator] == [
        'Accuracy', 'mmrecmix.MaxBoxAccV2', 'mmrecmix.CAMLocalizationAccuracy']
    assert cfg.test_evaluator[2].cam_threshold == 0.3
    with pytest.raises(ValueError, match=r"dataset must be one of \['cub', 'imagenet'\]"):
        apply_suite(cfg, 'wsol', dict(data_root='x', dataset='voc'))
    assert suite_row('wsol', {
        'accuracy/top1': 80.0, 'cam_loc/top1_loc': 40.0, 'cam_loc/gt_known_loc': 50.0,
        'maxboxacc_v2/iou30': 90.0, 'maxboxacc_v2/iou50': 60.0,
        'maxboxacc_v2/iou70': 30.0, 'maxboxacc_v2/mean': 60.0}) == {
        'cls acc': 80.0, 'top-1 loc': 40.0, 'GT-known loc': 50.0, 'MaxBoxAccV2': 60.0,
        'MaxBoxAccV2@30': 90.0, 'MaxBoxAccV2@50': 60.0, 'MaxBoxAccV2@70': 30.0}


def test_runner_test_with_the_wsol_suite(tmp_path):
    root = make_cub(str(tmp_path / 'cub'))
    cfg = apply_suite(base_cfg(root, tmp_path / 'work'), 'wsol',
                      dict(data_root=root, resize=48))
    runner = Runner.from_cfg(cfg)
    metrics = runner.test()
    assert set(metrics) == {'accuracy/top1', 'maxboxacc_v2/iou30', 'maxboxacc_v2/iou50',
                            'maxboxacc_v2/iou70', 'maxboxacc_v2/mean',
                            'cam_loc/top1_loc', 'cam_loc/gt_known_loc',
                            'cam_loc/top1_cls'}

    # The same numbers from the model's CAMs on the resized images and the boxes
    # scaled by hand from the annotation: the loop, the packing and the metric agree.
    dataset = runner.test_dataloader.dataset
    model = runner.model
    batch = model.data_preprocessor(
        dict(inputs=[dataset[i]['inputs'] for i in range(3)],
             data_samples=[dataset[i]['data_samples'] for i in range(3)]), False)
    labels = torch.tensor([0, 1, 1])
    cams, _ = class_activation_maps(model, batch['inputs'], labels)
    assert cams.shape == (3, 6, 6)
    samples = []
    for cam, (_, _, _, (w, h), (x, y, bw, bh)) in zip(
            cams, [image for image in CUB_IMAGES if image[2] == 0]):
        box = np.array([[x * 48 / w, y * 48 / h, (x + bw) * 48 / w, (y + bh) * 48 / h]])
        samples.append(dict(gt_cam=cam, img_shape=(48, 48), gt_bboxes=box))
    reference = MaxBoxAccV2()
    reference.process(None, samples)
    expected = reference.compute_metrics(reference.results)
    assert {key: metrics[f'maxboxacc_v2/{key}'] for key in expected} == \
        pytest.approx(expected)
    assert 0 < expected['iou30'] <= 100
