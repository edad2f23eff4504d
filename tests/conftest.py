import functools
import os
import os.path as osp
import subprocess
import sys

import pytest
import torch

# Tests that need the full install tier (mmdet, mmseg, mmcv's compiled ops, timm). The
# rest is the core suite: `pytest tests -m "not full_tier"` on a core-tier venv.
FULL_TIER = pytest.mark.full_tier


def pytest_configure(config):
    config.addinivalue_line(
        'markers', 'full_tier: needs mmdet, mmseg, mmcv ops or timm '
        '(bash tools/setup_env.sh --full)')


def forget_visualizers():
    """Drop every mmengine visualizer kept by name. mmengine keeps them for the
    whole process, and a Runner whose experiment name (config file name + start
    time to the second) equals an earlier one's reuses that visualizer, which then
    writes into the earlier test's ``tmp_path``: gone once that test passed
    (pytest.ini), so the later test failed when both started in the same second."""
    from mmengine.visualization import Visualizer
    pending = [Visualizer]
    while pending:
        cls = pending.pop()
        cls._instance_dict.clear()
        pending.extend(cls.__subclasses__())


@pytest.fixture(autouse=True)
def no_visualizer_across_tests():
    yield
    forget_visualizers()


# The devices the device-following tests run on: the CPU always, CUDA where visible
# (the same tests are then the GPU acceptance suite; tools/gpu_check.sh runs that half).
DEVICES = ['cpu'] + (['cuda'] if torch.cuda.is_available() else [])


@pytest.fixture(params=DEVICES)
def device(request):
    return torch.device(request.param)


def autocast_dtypes(device) -> list:
    """The mixed-precision types to try on ``device``: bfloat16 on the CPU (its only
    autocast type), float16 and bfloat16 on CUDA."""
    if device.type == 'cpu':
        return [torch.bfloat16]
    return [torch.float16] + ([torch.bfloat16] if torch.cuda.is_bf16_supported() else [])


# The attention backward that mmpretrain's ViT runs under CPU autocast, in a process of
# its own: torch 2.1's bfloat16 CPU kernel corrupts the heap on CPUs with AVX512-BF16
# ("free(): invalid pointer", fixed in torch 2.2), which would end the whole session.
BFLOAT16_ATTENTION_PROBE = (
    'import torch, torch.nn.functional as F; '
    'q = torch.randn(4, 3, 17, 64, dtype=torch.bfloat16, requires_grad=True); '
    'F.scaled_dot_product_attention(q, q, q).float().sum().backward()')


@functools.lru_cache(maxsize=None)
def cpu_bfloat16_attention_works() -> bool:
    """Whether this torch runs a bfloat16 attention backward on this CPU."""
    return subprocess.run([sys.executable, '-c', BFLOAT16_ATTENTION_PROBE],
                          capture_output=True, timeout=300).returncode == 0


REPO_ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
DEMO_CONFIG = osp.join(REPO_ROOT, 'configs', 'demo', 'resnet18_digits_demo.py')


def run_tool(*args, timeout=600, env=None):
    """Run ``tools/<args[0]>`` with this interpreter from the repository root."""
    tool = osp.join(REPO_ROOT, 'tools', args[0])
    command = ([sys.executable, tool] if tool.endswith('.py') else ['bash', tool])
    full_env = dict(os.environ, PYTHON=sys.executable, **(env or {}))
    return subprocess.run(command + [str(a) for a in args[1:]], cwd=REPO_ROOT,
                          env=full_env, capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture(scope='session')
def coco_root(tmp_path_factory):
    from datagen import make_coco
    return make_coco(str(tmp_path_factory.mktemp('coco')))


@pytest.fixture(scope='session')
def ade20k_root(tmp_path_factory):
    from datagen import make_ade20k
    return make_ade20k(str(tmp_path_factory.mktemp('ade20k')))


def digits_cfg(work_dir, model: dict, size, batch_size: int, train_size: int,
               lr: float = 1e-4):
    """The digits demo config for a one-epoch run of ``model`` on ``size`` x ``size``
    images (``size`` a ``(width, height)`` pair for non-square ones) for training,
    validation and test, AdamW (transformers train from lr 1e-4), a checkpoint at
    the end: for the Runner tests of guided mixes."""
    from mmengine.config import Config
    scale = tuple(size) if isinstance(size, (tuple, list)) else (size, size)
    pipeline = [dict(type='Resize', scale=scale), dict(type='PackInputs')]
    cfg = Config.fromfile(DEMO_CONFIG)
    cfg.merge_from_dict(dict(
        model=model,
        train_dataloader=dict(batch_size=batch_size,
                              dataset=dict(indices=train_size, pipeline=pipeline)),
        val_dataloader=dict(batch_size=8, dataset=dict(indices=8, pipeline=pipeline)),
        test_dataloader=dict(batch_size=8, dataset=dict(indices=8, pipeline=pipeline)),
        optim_wrapper=dict(optimizer=dict(type='AdamW', lr=lr, weight_decay=0.05,
                                          _delete_=True)),
        train_cfg=dict(max_epochs=1, val_interval=1),
        default_hooks=dict(logger=dict(interval=1), checkpoint=dict(interval=1))))
    cfg.work_dir = str(work_dir)
    return cfg


def tiny_digits_run(work_dir, model: dict, train_size: int = 48, pipeline=None):
    """Train the digits demo config, with ``model`` merged into its model, for one
    short epoch (batch 16, ``train_size`` digits, validation and a checkpoint at its
    end) through mmengine's Runner; ``pipeline`` replaces the training pipeline.

    Returns:
        Runner: The runner after training.
    """
    from mmengine.config import Config
    from mmengine.runner import Runner
    cfg = Config.fromfile(DEMO_CONFIG)
    cfg.merge_from_dict(dict(
        model=model,
        train_dataloader=dict(batch_size=16, dataset=dict(indices=train_size)),
        val_dataloader=dict(dataset=dict(indices=16)),
        test_dataloader=dict(dataset=dict(indices=16)),
        train_cfg=dict(max_epochs=1, val_interval=1),
        default_hooks=dict(logger=dict(interval=1), checkpoint=dict(interval=1))))
    if pipeline is not None:
        cfg.train_dataloader.dataset.pipeline = pipeline
    cfg.work_dir = str(work_dir)
    runner = Runner.from_cfg(cfg)
    runner.train()
    return runner
