"""The localisation configs (configs/evaluation/automix-t8-wsol, cutmix-t1-imagenet-loc,
cutmix-t9-cub-loc, cutmix-t9-imagenet-loc): each applies the 'wsol' suite (CAM test
loop, MaxBoxAccV2 and top-1 loc, the data set with boxes) to a classifier whose CAMs
mmrecmix computes, and together they claim every localisation cell of AutoMix Table 8
and CutMix Tables 1 and 9 but the quoted WSOL methods, each once. Config.fromfile
only: no model is built."""
import functools
import glob
import os.path as osp

import pytest
from conftest import REPO_ROOT
from mmengine.config import Config

from mmrecmix.evaluation.suites import apply_configured_suite
from mmrecmix.zoo.coverage import matching_cells, read_cells

EVALUATION = osp.join(REPO_ROOT, 'configs', 'evaluation')
CELLS = read_cells(osp.join(REPO_ROOT, 'configs', 'tables', 'paper_tables.csv'))
# folder: (data set of the suite, its boxes' data set type, classes, configs)
FOLDERS = {
    'automix-t8-wsol': ('cub', 'mmrecmix.CUBWithBoxes', 200, 14),
    'cutmix-t1-imagenet-loc': ('imagenet', 'mmrecmix.ImageNetValBoxes', 1000, 4),
    'cutmix-t9-cub-loc': ('cub', 'mmrecmix.CUBWithBoxes', 200, 8),
    'cutmix-t9-imagenet-loc': ('imagenet', 'mmrecmix.ImageNetValBoxes', 1000, 4),
}
CONFIGS = sorted(osp.relpath(path, EVALUATION) for folder in FOLDERS
                 for path in glob.glob(osp.join(EVALUATION, folder, '*.py')))


@functools.lru_cache(maxsize=None)
def load(name: str) -> Config:
    return Config.fromfile(osp.join(EVALUATION, name))


@pytest.mark.stack_independent
def test_every_folder_has_its_configs():
    for folder, (*_, count) in FOLDERS.items():
        assert len([c for c in CONFIGS if c.startswith(folder + '/')]) == count, folder


@pytest.mark.stack_independent
@pytest.mark.parametrize('name', CONFIGS)
def test_config_applies_the_wsol_suite_to_a_cam_classifier(name):
    dataset, boxes_type, classes, _ = FOLDERS[osp.dirname(name)]
    cfg = load(name)
    assert list(cfg.evaluation) == ['wsol']
    model = cfg.model
    assert model.type == 'ImageClassifier'
    assert model.neck.type == 'GlobalAveragePooling'
    assert model.head.type == 'LinearClsHead' and model.head.num_classes == classes
    tested = apply_configured_suite(cfg)  # a copy
    assert tested.test_cfg == dict(type='mmrecmix.CAMTestLoop')
    assert tested.test_dataloader.dataset.type == boxes_type
    assert tested.test_dataloader.dataset.data_root == cfg.evaluation.wsol.data_root
    assert ('CUB' in cfg.evaluation.wsol.data_root) == (dataset == 'cub')
    pipeline = tested.test_dataloader.dataset.pipeline
    assert pipeline[1] == dict(type='Resize', scale=(224, 224), backend='pillow',
                               interpolation='bilinear')
    assert [m['type'] for m in tested.test_evaluator] == [
        'Accuracy', 'mmrecmix.MaxBoxAccV2', 'mmrecmix.CAMLocalizationAccuracy']
    assert tested.test_evaluator[1].iou_thresholds == (30, 50, 70)
    assert tested.test_evaluator[2].cam_threshold == 0.2


@pytest.mark.stack_independent
def test_the_configs_claim_every_localisation_cell_once():
    claimed = []
    for name in CONFIGS:
        cfg = load(name)
        assert cfg.paper_rows, name
        for entry in cfg.paper_rows:
            cells = matching_cells(entry, CELLS)
            assert len(cells) == 1, (name, entry, cells)
            claimed += cells
    assert len(claimed) == len(set(claimed)), 'a cell is claimed twice'

    def wanted(cell):
        if (cell['paper'], cell['table']) == ('AutoMix', 'T8'):
            return True
        if (cell['paper'], cell['table']) == ('CutMix', 'T1'):
            return cell['column'] == 'ImageNet loc acc'
        # Table 9 but the WSOL methods it quotes (marked *), which are not mixes.
        return (cell['paper'], cell['table']) == ('CutMix', 'T9') and \
            not cell['method'].endswith('*')

    expected = {i for i, cell in enumerate(CELLS) if wanted(cell)}
    assert set(claimed) == expected
    assert len(expected) == 14 + 4 + 16
