"""The SGD variant of the ADE20K UperNet R-50 config (RecursiveMix supplementary,
Table S1's SGD rows): mmseg's own 80k SGD schedule for this model, everything else
the AdamW config's, and the S1 SGD cells claimed. Its training iteration on generated
ADE20K data is in test_transfer_configs.py."""
import os.path as osp

import pytest
from conftest import REPO_ROOT
from mmengine.config import Config

from mmrecmix.zoo.coverage import matching_cells, read_cells

pytestmark = pytest.mark.full_tier

TRANSFER = osp.join(REPO_ROOT, 'configs', 'transfer')
SGD = osp.join(TRANSFER, 'upernet_r50_sgd_80k_ade20k_mmrecmix.py')
ADAMW = osp.join(TRANSFER, 'upernet_r50_adamw_80k_ade20k_mmrecmix.py')
CELLS = read_cells(osp.join(REPO_ROOT, 'configs', 'tables', 'paper_tables.csv'))


def test_the_optimizer_and_schedule_are_mmsegs_upernet_r50_80k():
    """SGD lr 0.01, momentum 0.9, wd 5e-4, no clipping; poly 0.9 to 1e-4 per
    iteration over 80k; 4 GPUs x 4 images."""
    cfg = Config.fromfile(SGD)
    opt = cfg.optim_wrapper.optimizer
    assert (opt.type, opt.lr, opt.momentum, opt.weight_decay) == ('SGD', 0.01, 0.9, 5e-4)
    assert cfg.optim_wrapper.get('clip_grad') is None
    assert not cfg.optim_wrapper.get('paramwise_cfg')  # decay on every parameter
    (poly, ) = cfg.param_scheduler
    assert (poly.type, poly.power, poly.eta_min, poly.begin, poly.end, poly.by_epoch) == (
        'PolyLR', 0.9, 1e-4, 0, 80000, False)
    assert cfg.train_cfg.max_iters == 80000
    assert cfg.train_dataloader.batch_size * 4 == 16
    import mmseg
    mmseg = Config.fromfile(osp.join(osp.dirname(mmseg.__file__), '.mim', 'configs',
                                     'upernet', 'upernet_r50_4xb4-80k_ade20k-512x512.py'))
    assert cfg.optim_wrapper.optimizer == mmseg.optim_wrapper.optimizer
    assert cfg.param_scheduler == mmseg.param_scheduler


def test_everything_else_is_the_adamw_configs():
    sgd, adamw = Config.fromfile(SGD).to_dict(), Config.fromfile(ADAMW).to_dict()
    differing = sorted(k for k in set(sgd) | set(adamw) if sgd.get(k) != adamw.get(k))
    # adamw / poly_to_zero_80k: the AdamW config's recipe pieces from _base_/adamw.py.
    assert differing == ['adamw', 'optim_wrapper', 'paper_rows', 'param_scheduler',
                         'poly_to_zero_80k']
    assert sgd['model']['backbone']['type'] == 'ResNet'
    assert sgd['model']['backbone']['init_cfg']['type'] == 'Pretrained'
    assert sgd['custom_hooks'] == [dict(type='mmrecmix.VerifyPretrainedHook')]


def test_claims_table_s1s_sgd_rows():
    cfg = Config.fromfile(SGD)
    cells = [CELLS[i] for entry in cfg.paper_rows for i in matching_cells(entry, CELLS)]
    assert {(c['method'], c['column']): c['value'] for c in cells} == {
        ('Baseline', 'mIoU'): '39.82', ('Baseline', 'mAcc'): '50.69',
        ('Baseline', 'aAcc'): '79.65', ('CutMix', 'mIoU'): '40.22',
        ('CutMix', 'mAcc'): '51.72', ('CutMix', 'aAcc'): '79.8',
        ('RecursiveMix', 'mIoU'): '41.44', ('RecursiveMix', 'mAcc'): '52.91',
        ('RecursiveMix', 'aAcc'): '79.99'}
    assert {(c['paper'], c['table'], c['group']) for c in cells} == {
        ('RecursiveMix-supp', 'S1', 'UperNet / ResNet-50, SGD')}
