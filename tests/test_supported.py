"""The version checks run when mmrecmix is imported (mmrecmix/supported.py)."""
import importlib.metadata
import os
import subprocess
import sys

import pytest
import torch
from conftest import DEMO_CONFIG, run_tool

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


def fake_transformers(root, version: str) -> str:
    """A ``transformers`` distribution of ``version`` that breaks mmpretrain's
    multimodal models as the real 4.52+ releases do: the names BLIP and OFA import
    from ``transformers.modeling_utils`` are gone (``PreTrainedModel`` is ``None``,
    which gives the real "NoneType takes no arguments")."""
    package = os.path.join(root, 'transformers')
    os.makedirs(package)
    with open(os.path.join(package, '__init__.py'), 'w') as f:
        f.write(f'__version__ = {version!r}\n')
    with open(os.path.join(package, 'modeling_utils.py'), 'w') as f:
        f.write('PreTrainedModel = None\n')
    info = os.path.join(root, f'transformers-{version}.dist-info')
    os.makedirs(info)
    with open(os.path.join(info, 'METADATA'), 'w') as f:
        f.write(f'Metadata-Version: 2.1\nName: transformers\nVersion: {version}\n')
    return root


IMPORT_BOTH = ('import {first}; import mmpretrain.models, mmpretrain.utils.dependency as d; '
               'print("imported", d.WITH_MULTIMODAL)')


@pytest.mark.full_tier  # mmpretrain imports multimodal models only next to pycocotools
@pytest.mark.parametrize('version', ['4.55.4', '5.24.0'])
def test_mmrecmix_imports_next_to_a_transformers_that_breaks_mmpretrain(version,
                                                                       tmp_path):
    env = dict(os.environ, PYTHONPATH=fake_transformers(str(tmp_path), version))

    def run(first):
        return subprocess.run([sys.executable, '-c', IMPORT_BOTH.format(first=first)],
                              env=env, capture_output=True, text=True, timeout=300)

    plain = run('mmengine')  # mmpretrain alone: broken by this transformers
    assert plain.returncode != 0 and 'transformers' in plain.stderr
    # mmrecmix switches the multimodal models off, also after a plain `import
    # mmpretrain` (which loads the flag's module, but not the models that read it)
    for first in ('mmrecmix', 'mmpretrain, mmrecmix'):
        ours = run(first)
        assert ours.returncode == 0, (first, ours.stderr[-3000:])
        assert 'imported False' in ours.stdout
    trained = run_tool('train.py', DEMO_CONFIG, '--work-dir', tmp_path / 'work',
                       '--cfg-options', 'train_cfg.max_epochs=1',
                       'train_dataloader.dataset.indices=64',
                       'val_dataloader.dataset.indices=64', env=env)
    assert trained.returncode == 0, trained.stderr[-3000:]
    assert 'Epoch(val) [1]' in trained.stdout + trained.stderr


def test_an_older_transformers_leaves_mmpretrain_alone(monkeypatch):
    fake_installed(monkeypatch, 'transformers', '4.51.3')
    assert supported.switch_off_broken_multimodal() is False
