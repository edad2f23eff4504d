import pytest
from conftest import FULL_TIER
from mmengine.registry import DefaultScope

import mmrecmix  # noqa: F401
from mmrecmix.datasets import Digits
from mmrecmix.registry import BATCH_AUGMENTS, DATASETS


def upstream_datasets(scope):
    if scope == 'mmpretrain':
        from mmpretrain.registry import DATASETS as registry
    elif scope == 'mmdet':
        from mmdet.registry import DATASETS as registry
    else:
        from mmseg.registry import DATASETS as registry
    return registry


@pytest.mark.parametrize('scope', ['mmpretrain', pytest.param('mmdet', marks=FULL_TIER),
                                   pytest.param('mmseg', marks=FULL_TIER)])
def test_upstream_default_scope_builds_mmrecmix_type(scope):
    registry = upstream_datasets(scope)
    with DefaultScope.overwrite_default_scope(scope):
        dataset = registry.build(dict(type='mmrecmix.Digits', split='val'))
    assert type(dataset) is Digits
    assert len(dataset) == 360  # every fifth of the 1,797 digits


def test_registries_are_children_of_mmpretrain():
    from mmpretrain.registry import DATASETS as MMPRE_DATASETS
    assert DATASETS.scope == 'mmrecmix'
    assert DATASETS.parent is MMPRE_DATASETS
    # Upstream names resolve from our scope through the parent.
    assert DATASETS.get('CIFAR10') is MMPRE_DATASETS.get('CIFAR10')


def test_same_name_never_shadows_upstream():
    from mmpretrain.models.utils.batch_augments import CutMix as UpstreamCutMix
    from mmpretrain.registry import BATCH_AUGMENTS as MMPRE_AUGMENTS

    from mmrecmix.models import CutMix
    assert CutMix is not UpstreamCutMix
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        assert MMPRE_AUGMENTS.get('CutMix') is UpstreamCutMix
        assert MMPRE_AUGMENTS.get('mmrecmix.CutMix') is CutMix
    with DefaultScope.overwrite_default_scope('mmrecmix'):
        assert BATCH_AUGMENTS.get('CutMix') is CutMix
        assert BATCH_AUGMENTS.get('mmpretrain.CutMix') is UpstreamCutMix
