"""Which loss each Manifold Mixup table row was trained with, and that its config says
so: soft-target cross-entropy (OpenMixup's runs behind the AutoMix rows, the CutMix
authors' own run), not the Manifold Mixup authors' BCE on the softmax."""
import glob
import os.path as osp
from pathlib import Path

import pytest
from conftest import REPO_ROOT
from mmengine.config import Config

import mmrecmix  # noqa: F401

pytestmark = pytest.mark.stack_independent

TABLES = osp.join(REPO_ROOT, 'configs', 'tables')
# The arms that set the mix (the epoch tables' arms inherit the AutoMix Table 1 ones).
MANIFOLD_ARMS = sorted(
    osp.relpath(p, TABLES) for p in glob.glob(osp.join(TABLES, '*', '*manifoldmixup*.py'))
    if 'FeatureMixClassifier' in Path(p).read_text())


def test_every_table_with_manifold_mixup_is_covered():
    folders = {name.split('/')[0] for name in MANIFOLD_ARMS}
    assert {'automix-t1-cifar', 'automix-t1-cifar-wrn', 'automix-t1-tiny',
            'automix-t2-in1k', 'cutmix-cifar-300e', 'cutmix-imagenet-300e'} <= folders
    assert len(MANIFOLD_ARMS) >= 20


@pytest.mark.parametrize('name', MANIFOLD_ARMS)
def test_manifold_rows_train_with_soft_target_cross_entropy_and_say_whose(name):
    cfg = Config.fromfile(osp.join(TABLES, name))
    assert cfg.model.type == 'mmrecmix.FeatureMixClassifier'
    loss = cfg.model.head.loss
    text = Path(TABLES, name).read_text()
    if name.startswith('rsb-'):  # the RSB recipes train every arm with sigmoid BCE
        assert loss.type == 'CrossEntropyLoss' and loss.use_sigmoid
        assert "Loss: the RSB recipe's binary cross-entropy" in ' '.join(text.split())
    else:
        assert loss.type == 'CrossEntropyLoss' and not loss.get('use_sigmoid', False)
        assert "Loss: soft-target cross-entropy on the mixed labels" in text
    source = ("CutMix authors' own Manifold Mixup run" if name.startswith('cutmix-')
              else "OpenMixup's run behind this row")
    assert source in ' '.join(text.split())
    assert 'mmrecmix.SoftmaxBCELoss' in text
