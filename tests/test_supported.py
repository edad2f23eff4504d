"""The version checks run when mmrecmix is imported (mmrecmix/supported.py)."""
import importlib.metadata

import pytest
import torch

from mmrecmix import supported


@pytest.mark.parametrize('package, version, expected', [
    ('torch', '2.0.1', True),
    ('torch', '2.1.0+cu118', False),
    ('torch', '2.13.0+cu130', False),
    ('mmengine', '0.9.1', True),
    ('mmengine', '0.10.7', False),
    ('mmengine', '1.0.0rc0', True),
    ('mmcv', '2.1.0', False),
    ('mmcv', '2.2.0', True),
    ('mmpretrain', '1.3.0', True),
])
def test_unsupported(package, version, expected):
    assert supported.unsupported(package, version) is expected


def test_this_environment_passes():
    supported.check_supported_versions()


def test_torch_out_of_range_names_the_range(monkeypatch):
    monkeypatch.setattr(torch, '__version__', '2.0.1')
    with pytest.raises(ImportError, match=r'supports torch>=2\.1, found torch 2\.0\.1'):
        supported.check_supported_versions()


def fake_installed(monkeypatch, package, version):
    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, 'version',
                        lambda name: version if name == package else real(name))


@pytest.mark.parametrize('version, breaks', [
    ('4.55.4', False), ('4.56.0', True), ('4.57.1', True), ('5.17.0', True)])
def test_transformers_that_breaks_mmpretrain_is_named(monkeypatch, version, breaks):
    # 4.55.4 still has transformers.modeling_utils.apply_chunking_to_forward and 4.56.2
    # no longer has it (checked on both wheels); the GPU image had 5.17.
    fake_installed(monkeypatch, 'transformers', version)
    if not breaks:
        supported.check_conflicts()
        return
    with pytest.raises(ImportError, match=r"pip install 'transformers<4\.56' or pip "
                       r'uninstall transformers'):
        supported.check_conflicts()
