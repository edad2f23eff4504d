"""The evaluation suites as config changes (mmrecmix.evaluation.suites) and the end of
an evaluation run (mmrecmix.evaluation.summary): what each suite builds from the digits
demo's config, the rows in the papers' units, and the refusals."""
import glob
import json
import os.path as osp

import pytest
from conftest import DEMO_CONFIG, REPO_ROOT
from mmengine.config import Config

from mmrecmix.evaluation.suites import (SUITES, apply_configured_suite, apply_suite,
                                        configured_suites, suite_row)
from mmrecmix.evaluation.summary import paper_values, summary_lines, write_summary


@pytest.fixture
def cfg(tmp_path):
    cfg = Config.fromfile(DEMO_CONFIG)
    cfg.work_dir = str(tmp_path)
    return cfg


def test_calibration_adds_ece_and_a_diagram_in_the_work_dir(cfg, tmp_path):
    changed = apply_suite(cfg, 'calibration', dict(num_bins=10))
    accuracy, calibration = changed.test_evaluator
    assert accuracy == dict(type='Accuracy', topk=(1, ))
    assert calibration.num_bins == 10
    assert calibration.out_file == str(tmp_path / 'reliability_diagram.png')
    assert cfg.test_evaluator == dict(type='Accuracy', topk=(1, )), 'the input is kept'


def test_ood_puts_the_test_set_before_the_odin_sets(cfg):
    changed = apply_suite(cfg, 'ood', dict(data_root='data/ood'))
    dataset = changed.test_dataloader.dataset
    assert dataset.type == 'mmrecmix.OODTestSet'
    assert dataset.in_dist == cfg.test_dataloader.dataset
    assert list(dataset.ood_sets) == ['TinyImageNet_crop', 'TinyImageNet_resize',
                                      'LSUN_crop', 'LSUN_resize', 'iSUN', 'Uniform',
                                      'Gaussian']
    lsun = dataset.ood_sets['LSUN_crop']
    assert lsun.data_root == 'data/ood/LSUN' and not lsun.with_label
    # Images from files: loaded first, then the test pipeline.
    assert lsun.pipeline == [dict(type='LoadImageFromFile'), *cfg.test_pipeline]
    gaussian = dataset.ood_sets['Gaussian']
    assert (gaussian.noise, gaussian.size, gaussian.num_images) == ('gaussian', 32, 10000)
    assert gaussian.pipeline == cfg.test_pipeline
    assert changed.test_evaluator == dict(type='mmrecmix.OODDetection')


def test_ood_noise_sets_alone_need_no_data_root(cfg):
    changed = apply_suite(cfg, 'ood', dict(sets=['Gaussian'], noise_images=5))
    assert list(changed.test_dataloader.dataset.ood_sets) == ['Gaussian']
    with pytest.raises(ValueError, match=r"needs the option 'data_root'.*ood.data_root"):
        apply_suite(cfg, 'ood', dict(sets=['iSUN']))
    with pytest.raises(ValueError, match=r"sets must be some of .*'iSUN'"):
        apply_suite(cfg, 'ood', dict(sets=['SVHN']))


def test_corruption_reads_the_cifar_layout_or_the_imagenet_one(cfg):
    with pytest.raises(ValueError, match='not CIFAR or ImageNet; give layout=cifar'):
        apply_suite(cfg, 'corruption', dict(data_root='data/c'))
    cifar = apply_suite(cfg, 'corruption', dict(data_root='data/c', layout='cifar',
                                                block_size=20, corruptions=['fog']))
    dataset = cifar.test_dataloader.dataset
    assert dataset == dict(type='mmrecmix.CIFARCorrupted', data_root='data/c',
                           pipeline=cfg.test_pipeline, block_size=20,
                           corruptions=['fog'])
    assert cifar.test_evaluator == dict(type='mmrecmix.CorruptionAccuracy', normalize=None)
    imagenet = apply_suite(cfg, 'corruption', dict(data_root='data/c', layout='imagenet'))
    assert imagenet.test_dataloader.dataset.type == 'mmrecmix.ImageNetCorrupted'
    # ImageNet-C's images are the publisher's 224 x 224 crops: no resize, no crop.
    assert imagenet.test_dataloader.dataset.pipeline == [dict(type='LoadImageFromFile'),
                                                         dict(type='PackInputs')]
    assert imagenet.test_evaluator.normalize == 'alexnet'


@pytest.mark.parametrize('name, dataset_type, evaluator', [
    ('imagenet_a', 'mmrecmix.ImageNetA',
     dict(type='mmrecmix.SubsetAccuracy', subset='imagenet-a')),
    ('imagenet_r', 'mmrecmix.ImageNetR',
     dict(type='mmrecmix.SubsetAccuracy', subset='imagenet-r')),
    ('imagenet_sketch', 'mmrecmix.ImageNetSketch', dict(type='Accuracy', topk=(1, ))),
    ('imagenet_stylized', 'mmrecmix.StylizedImageNet', dict(type='Accuracy', topk=(1, ))),
])
def test_imagenet_variants(cfg, name, dataset_type, evaluator):
    changed = apply_suite(cfg, name, dict(data_root='data/x'))
    assert changed.test_dataloader.dataset.type == dataset_type
    assert changed.test_dataloader.dataset.data_root == 'data/x'
    assert changed.test_evaluator == evaluator
    renamed = apply_suite(cfg, name, dict(data_root='data/x', data_prefix='renamed'))
    assert renamed.test_dataloader.dataset.data_prefix == 'renamed'


def test_rows_are_in_the_papers_columns():
    assert suite_row('fgsm', {'accuracy/top1': 30.0}) == {'acc': 30.0, 'FGSM err': 70.0}
    assert suite_row('ood', {'tnr_at_tpr95/mean': 69.0, 'auroc/mean': 94.4,
                             'detection_acc/mean': 89.1, 'auroc/iSUN': 1.0}) == {
        'TNR@95': 69.0, 'AUROC': 94.4, 'Det acc': 89.1}
    assert suite_row('corruption', {'corruption/accuracy/mean': 58.35}) == {
        'corruption acc': 58.35}
    assert suite_row('imagenet_r', {'subset_accuracy/top1': 34.9}) == {'IN-R': 34.9}
    assert suite_row('imagenet_sketch', {'accuracy/top1': 22.2}) == {'Sketch': 22.2}


def test_configured_suites_and_their_refusals(cfg):
    cfg.evaluation = dict(clean=dict(), fgsm=dict(eps=0.1))
    assert configured_suites(cfg) == dict(clean={}, fgsm=dict(eps=0.1))
    with pytest.raises(ValueError, match='run them with tools/evaluate.py'):
        apply_configured_suite(cfg)
    cfg.evaluation = dict(fsgm=dict())
    with pytest.raises(ValueError, match=r"unknown evaluation suite 'fsgm'.*'fgsm'"):
        configured_suites(cfg)
    cfg.evaluation = dict(clean=None)
    with pytest.raises(ValueError, match=r"evaluation.clean must be a dict"):
        configured_suites(cfg)
    cfg.evaluation = dict(calibration=dict(bins=10))
    with pytest.raises(ValueError, match="'calibration'.*bins"):
        apply_configured_suite(cfg)
    cfg.evaluation = dict(clean=dict())
    once = apply_configured_suite(cfg)
    assert 'evaluation' not in once and once.test_evaluator == dict(type='Accuracy',
                                                                     topk=(1, ))
    assert set(SUITES) >= {'clean', 'calibration', 'ood', 'fgsm', 'pgd', 'corruption'}


def test_summary_puts_the_paper_beside_ours(tmp_path):
    csv = tmp_path / 'tables.csv'
    csv.write_text('paper,table,dataset,epochs,group,method,column,value,metric\n'
                   'AutoMix,T6,C,400,ResNeXt-50,Mixup,clean acc,82.44,m\n'
                   'AutoMix,T6,C,400,ResNeXt-50,Mixup,FGSM err,56.6,m\n'
                   'AutoMix,T6,C,400,ResNeXt-50,CutMix,FGSM err,76.84,m\n')
    paper = paper_values([dict(paper='AutoMix', table='T6', method='Mixup')], str(csv))
    assert paper == {'clean acc': 82.44, 'FGSM err': 56.6}
    rows = dict(clean={'clean acc': 80.0}, fgsm={'acc': 40.0, 'FGSM err': 60.0})
    assert summary_lines(rows, paper)[2:] == [
        '| clean | clean acc | 80.00 | 82.44 |', '| fgsm | acc | 40.00 | - |',
        '| fgsm | FGSM err | 60.00 | 56.60 |']
    out = tmp_path / 'summary.json'
    write_summary(str(out), 'a.py', 'b.pth', rows, dict(clean={'accuracy/top1': 80.0}),
                  paper)
    assert json.loads(out.read_text())['rows'] == rows


def test_summary_finds_the_measure_of_a_dataset_or_backbone_column(tmp_path):
    """CutMix's localisation columns are named for datasets, AutoMix Table 8's for
    backbones: the summary puts them beside the wsol suite's measures."""
    csv = tmp_path / 'tables.csv'
    csv.write_text('paper,table,dataset,epochs,group,method,column,value,metric\n'
                   'CutMix,T1,I,300,ResNet-50,CutMix,ImageNet loc acc,47.3,m\n'
                   'CutMix,T9,I,,ResNet-50,CutMix,ImageNet loc,47.25,l\n'
                   'AutoMix,T8,C,,R,CutMix,R-18,51.8,MaxBoxAccV2 (%)\n')
    assert paper_values([dict(table='T1'), dict(table='T9')], str(csv)) == {
        'top-1 loc': 47.3}
    paper = paper_values([dict(table='T8')], str(csv))
    assert paper == {'MaxBoxAccV2': 51.8}
    rows = dict(wsol={'top-1 loc': 40.0, 'MaxBoxAccV2': 50.0})
    assert summary_lines(rows, paper)[2:] == ['| wsol | top-1 loc | 40.00 | - |',
                                              '| wsol | MaxBoxAccV2 | 50.00 | 51.80 |']


EVALUATION_CONFIGS = sorted(
    glob.glob(osp.join(REPO_ROOT, 'configs', 'evaluation', '*', '*.py')))


@pytest.mark.parametrize('path', EVALUATION_CONFIGS,
                         ids=[osp.relpath(p, REPO_ROOT) for p in EVALUATION_CONFIGS])
def test_every_evaluation_config_builds_its_suites(path, tmp_path):
    cfg = Config.fromfile(path)
    cfg.work_dir = str(tmp_path)
    suites = configured_suites(cfg)
    assert suites, 'an evaluation config names its suites'
    for name, options in suites.items():
        assert 'evaluation' not in apply_suite(cfg, name, options)
    # A table's arm claims its cells; the demo and Figure 8 have none to claim.
    folder = osp.basename(osp.dirname(path))
    assert bool(cfg.get('paper_rows')) == (folder not in ('demo', 'automix-f8-calibration'))
