"""What the tests share: the markers (``full_tier``, ``distributed``,
``stack_independent``), the devices, the digits demo runs and their tiny options, an
intact demo checkpoint, one way to import a script of ``tools/`` or ``benchmarks/``,
one-rank process groups, the generated COCO / ADE20K trees, the recipe helpers, the
OpenMixup-recipe checks that several table-config tests share and the SMMix test
backbones."""
import functools
import importlib.util
import os
import os.path as osp
import socket
import subprocess
import sys

import pytest
import torch

# Tests that need the full install tier (mmdet, mmseg, mmcv's compiled ops, timm). The
# rest is the core suite: `pytest tests -m "not full_tier"` on a core-tier venv.
FULL_TIER = pytest.mark.full_tier

# Under pytest-xdist (`pytest -n 2`) each worker process takes one core: torch's
# default of one thread per core would have the workers fight over them. The tools
# the tests start inherit the setting.
if os.environ.get('PYTEST_XDIST_WORKER'):
    os.environ['OMP_NUM_THREADS'] = '1'
    torch.set_num_threads(1)


def pytest_configure(config):
    config.addinivalue_line(
        'markers', 'full_tier: needs mmdet, mmseg, mmcv ops, timm or torchmetrics '
        '(bash tools/setup_env.sh --full)')
    config.addinivalue_line(
        'markers', 'distributed: starts a process group (gloo) or several ranks')
    config.addinivalue_line(
        'markers', 'stack_independent: checks what the installed torch, NumPy, OpenCV '
        'and transformers versions cannot change (config contents and recipes, the '
        "zoo tables, the docs, the set-up scripts' logic); CI runs it in the main venv "
        'only, not again on the oldest and newest stacks')


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


def drop_closed_log_streams():
    """Take off mmengine's loggers every handler whose stream is closed. A Runner
    built while a test captured the output logs to the capture's stream, which pytest
    closes after that test; a later test's log line then makes logging print a
    traceback into stderr, beside the one-line errors the tool tests read there."""
    from mmengine.logging import MMLogger
    for logger in list(MMLogger._instance_dict.values()):
        for handler in list(logger.handlers):
            if getattr(getattr(handler, 'stream', None), 'closed', False):
                logger.removeHandler(handler)


def forget_default_scope():
    """Drop mmengine's default scopes. The last Runner built (an mmdet or mmseg one,
    say) stays the process's current scope, and a later test that builds a pipeline
    by unscoped names would look them up there: with ``pytest -n 2`` which test file
    runs before which in a worker changes from run to run."""
    from mmengine.registry import DefaultScope
    DefaultScope._instance_dict.clear()


@pytest.fixture(autouse=True)
def no_visualizer_across_tests():
    yield
    forget_visualizers()
    drop_closed_log_streams()
    forget_default_scope()


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


NUM_CLASSES = 10  # the digits

REPO_ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
DEMO_CONFIG = osp.join(REPO_ROOT, 'configs', 'demo', 'resnet18_digits_demo.py')
AUTOMIX_DEMO_CONFIG = osp.join(REPO_ROOT, 'configs', 'demo', 'resnet18_digits_automix.py')

# 64 training digits, batch 32: two iterations per epoch, a checkpoint every epoch.
TINY_DIGITS = ['train_dataloader.dataset.indices=64', 'val_dataloader.dataset.indices=64',
               'train_cfg.val_interval=1', 'default_hooks.checkpoint.interval=1',
               'default_hooks.logger.interval=1']



def free_port() -> str:
    """A TCP port that nothing listens on now, for a test's process group: a fixed
    port collides when two runs of the suite share a machine."""
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return str(probe.getsockname()[1])


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


def two_rank_digits_run(config, work_dir):
    """Train ``config`` (a digits demo config) on two ranks through
    ``tools/dist_train.sh`` for one epoch: 64 digits at batch 8, so 4 steps per rank,
    no validation; ``tests/`` is on the ranks' path for their recording hooks. The run
    must succeed."""
    result = run_tool(
        'dist_train.sh', config, 2, '--work-dir', work_dir, '--cfg-options',
        'train_dataloader.dataset.indices=64', 'train_dataloader.batch_size=8',
        'train_cfg.max_epochs=1', 'train_cfg.val_interval=5',
        env=dict(PORT=free_port(), PYTHONPATH=osp.join(REPO_ROOT, 'tests')))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]

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


def tool_module(path: str):
    """The module of the script ``path`` (relative to the repository root, e.g.
    ``'tools/analysis/browse_mix.py'``), imported once under a name made from its path
    (``tools/test.py`` must not become the standard library's ``test``); its folder is
    on ``sys.path`` while it is imported, for the script's own sibling imports."""
    name = osp.splitext(path)[0].replace('/', '__')
    if name not in sys.modules:
        file = osp.join(REPO_ROOT, path)
        spec = importlib.util.spec_from_file_location(name, file)
        module = importlib.util.module_from_spec(spec)
        sys.path.insert(0, osp.dirname(file))
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[name]
            raise
        finally:
            sys.path.remove(osp.dirname(file))
    return sys.modules[name]


@pytest.fixture(scope='session')
def intact_checkpoint(tmp_path_factory):
    """A complete checkpoint of the digits demo's model (epoch 1, iteration 2)."""
    from mmengine.config import Config

    from mmrecmix.registry import MODELS
    path = str(tmp_path_factory.mktemp('ckpt') / 'epoch_1.pth')
    model = MODELS.build(Config.fromfile(DEMO_CONFIG).model)
    torch.save(dict(meta=dict(epoch=1, iter=2), state_dict=model.state_dict()), path)
    return path


class CodeRunner:
    """Pickles as a call of ``os.system``: what a crafted checkpoint would run."""

    def __reduce__(self):
        return os.system, ('echo pwned', )


@pytest.fixture
def crafted_checkpoint(tmp_path):
    """A checkpoint whose pickle asks to run a shell command (the safe loader must
    refuse it)."""
    path = str(tmp_path / 'crafted.pth')
    torch.save(dict(state_dict={}, payload=CodeRunner()), path)
    return path


@pytest.fixture
def no_group_left():
    """Whatever a test leaves of the default process group is destroyed after it."""
    yield
    import torch.distributed as dist
    if dist.is_initialized():
        dist.destroy_process_group()


@pytest.fixture
def one_rank_group(tmp_path, no_group_left):
    """A real one-rank gloo group for the test."""
    import torch.distributed as dist
    dist.init_process_group('gloo', init_method=f'file://{tmp_path / "store"}',
                            rank=0, world_size=1)


# What the recipe tests switch off to read the colours a pipeline gives the network:
# random parts that change colours are neutralised or dropped; geometry does not
# matter on a one-colour image.
NEUTRAL = {'Lighting': dict(alphastd=0.0),
           'ColorJitter': dict(brightness=0.0, contrast=0.0, saturation=0.0)}
DROPPED = ('LoadImageFromFile', 'RandAugment', 'RandomErasing', 'AutoAugment')


def neutral_pipeline(pipeline):
    """``pipeline`` built without its colour-changing random steps."""
    from mmengine.dataset import Compose

    from mmrecmix.registry import TRANSFORMS
    steps = []
    for step in pipeline:
        kind = step['type'].split('.')[-1]
        if kind not in DROPPED:
            steps.append(TRANSFORMS.build({**step, **NEUTRAL.get(kind, {})}))
    return Compose(steps)


def epoch_lrs(cfg, epochs: int) -> list:
    """The learning rate factor of each of the first ``epochs`` epochs under the
    config's ``param_scheduler`` (stepped once per epoch, base lr 1)."""
    from mmengine.registry import PARAM_SCHEDULERS
    param = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([param], lr=1.0)
    schedulers = [PARAM_SCHEDULERS.build(dict(s, optimizer=optimizer))
                  for s in cfg.param_scheduler]
    lrs = []
    for _ in range(epochs):
        lrs.append(optimizer.param_groups[0]['lr'])
        for scheduler in schedulers:
            scheduler.step()
    return lrs


def config_training_steps(cfg, size: int, steps: int = 1, count: int = 4):
    """The config's model, built with its data preprocessor, after ``steps`` SGD
    steps on ``count`` random uint8 images of ``size`` x ``size`` with labels
    ``k % classes``: every loss finite and the head's weights (its last linear layer:
    ``fc``, or a ViT head's ``layers.head``) moved. Returns the model and the last
    step's losses."""
    import numpy as np
    from mmpretrain.structures import DataSample

    from mmrecmix.registry import MODELS
    torch.manual_seed(0)
    np.random.seed(0)
    model = MODELS.build(dict(cfg.model, data_preprocessor=dict(cfg.data_preprocessor)))
    model.train()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    last_linear = [m for m in model.head.modules() if isinstance(m, torch.nn.Linear)][-1]
    head = last_linear.weight.detach().clone()
    classes = cfg.model.head.num_classes
    for _ in range(steps):
        batch = dict(inputs=list(torch.randint(0, 256, (count, 3, size, size),
                                               dtype=torch.uint8)),
                     data_samples=[DataSample().set_gt_label(k % classes)
                                   for k in range(count)])
        losses = model(**model.data_preprocessor(batch, True), mode='loss')
        assert losses and all(torch.isfinite(v).all() for v in losses.values())
        optimizer.zero_grad()
        sum(v.sum() for k, v in losses.items() if k.startswith('loss')).backward()
        optimizer.step()
    assert not torch.equal(last_linear.weight, head)
    return model, losses


# The OpenMixup-recipe checks that several table-config test files share (SMMix
# Table 2, AutoMix Tables 3-4 and their AutoMix arms).
TABLES = osp.join(REPO_ROOT, 'configs', 'tables')


def pipeline_step(cfg, kind: str) -> dict:
    """The one step of type ``kind`` in the config's training pipeline."""
    (found, ) = [s for s in cfg.train_dataloader.dataset.pipeline if s.type == kind]
    return found


def decay_free(cfg) -> set:
    """What the config's ``paramwise_cfg`` takes weight decay off: ``'norm'``,
    ``'bias'``, ``'flat'`` and the ``custom_keys`` with ``decay_mult=0``."""
    paramwise = cfg.optim_wrapper.paramwise_cfg
    free = {name for name in ('norm', 'bias', 'flat')
            if paramwise.get(f'{name}_decay_mult') == 0}
    return free | {k.strip('.') for k, v in paramwise.get('custom_keys', {}).items()
                   if v.get('decay_mult') == 0}


def check_vit_data(cfg):
    """OpenMixup's DeiT-setting pipelines (swin_sz224_*, RandAugment_timm)."""
    crop = pipeline_step(cfg, 'RandomResizedCrop')
    assert (crop.scale, crop.interpolation) == (224, 'bicubic')
    assert pipeline_step(cfg, 'RandomFlip').prob == 0.5
    rand = pipeline_step(cfg, 'RandAugment')
    assert (rand.policies, rand.num_policies, rand.total_level, rand.magnitude_level,
            rand.magnitude_std) == ('timm_increasing', 2, 10, 9, 0.5)
    erasing = pipeline_step(cfg, 'RandomErasing')
    assert (erasing.erase_prob, erasing.mode, erasing.min_area_ratio,
            erasing.max_area_ratio) == (0.25, 'rand', 0.02, 1 / 3)
    assert cfg.train_dataloader.sampler.type == 'DefaultSampler'  # no repeated aug
    resize, crop = cfg.test_dataloader.dataset.pipeline[1:3]
    assert (resize.scale, resize.interpolation, crop.crop_size) == (256, 'bicubic', 224)
    assert not any('EMA' in h.type for h in cfg.get('custom_hooks', []))
    assert cfg.model.head.loss == dict(type='LabelSmoothLoss', label_smooth_val=0.1,
                                       mode='original')


def iteration_lrs(cfg, epoch_length: int) -> list:
    """The config's lr at each iteration, as a share of the base lr."""
    from mmengine.registry import PARAM_SCHEDULERS
    base_lr = cfg.optim_wrapper.optimizer.lr
    param = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([param], lr=base_lr)
    schedulers = []
    for s in cfg.param_scheduler:
        s = dict(s)
        if s.pop('convert_to_iter_based', False):
            kind = PARAM_SCHEDULERS.get(s.pop('type'))
            s.pop('by_epoch')
            schedulers.append(kind.build_iter_from_epoch(
                optimizer, epoch_length=epoch_length, **s))
        else:
            schedulers.append(PARAM_SCHEDULERS.build(dict(s, optimizer=optimizer)))
    lrs = []
    for it in range(cfg.train_cfg.max_epochs * epoch_length):
        lrs.append(optimizer.param_groups[0]['lr'] / base_lr)
        for scheduler in schedulers:
            if not scheduler.by_epoch or (it + 1) % epoch_length == 0:
                scheduler.step()
    return lrs


def mmcv_lrs(epochs, epoch_length, warmup_epochs, warmup_ratio, min_ratio,
             cosine_by_epoch):
    """OpenMixup's lr_config: mmcv CosineAnnealing (min_lr) over all the epochs from
    0, times a linear warm-up factor per iteration from warmup_ratio; a share of the
    base lr."""
    import math
    total, warmup = epochs * epoch_length, warmup_epochs * epoch_length
    lrs = []
    for it in range(total):
        progress = (it // epoch_length) / epochs if cosine_by_epoch else it / total
        lr = min_ratio + 0.5 * (1 - min_ratio) * (1 + math.cos(math.pi * progress))
        if it < warmup:
            lr *= 1 - (1 - it / warmup) * (1 - warmup_ratio)
        lrs.append(lr)
    return lrs


def table_loss_step(name: str, size: tuple, **backbone):
    """One mixed loss step of the model of ``configs/tables/<name>`` (its backbone
    config updated by ``backbone``, SyncBN reverted) on four random uint8 images of
    ``size``: the loss finite, some backbone gradient non-zero, every soft label
    summing to 1. Returns the model and its losses."""
    import numpy as np
    from mmengine.config import Config
    from mmengine.model import revert_sync_batchnorm
    from mmpretrain.structures import DataSample

    from mmrecmix.registry import MODELS
    cfg = Config.fromfile(osp.join(TABLES, name))
    model_cfg = dict(cfg.model, data_preprocessor=dict(cfg.data_preprocessor))
    model_cfg['backbone'] = dict(model_cfg['backbone'], **backbone)
    torch.manual_seed(0)
    np.random.seed(0)
    model = revert_sync_batchnorm(MODELS.build(model_cfg))
    model.train()
    images = [torch.randint(0, 256, (3, *size), dtype=torch.uint8) for _ in range(4)]
    samples = [DataSample().set_gt_label(label) for label in (3, 999, 0, 3)]
    data = model.data_preprocessor(dict(inputs=images, data_samples=samples), True)
    losses = model(**data, mode='loss')
    total = sum(v for k, v in losses.items() if 'loss' in k)
    total.backward()
    assert torch.isfinite(total)
    grads = [p.grad for p in model.backbone.parameters() if p.requires_grad]
    assert any(g is not None and g.abs().sum() > 0 for g in grads)
    for sample in data['data_samples']:  # a batch augment's soft labels
        if 'gt_score' in sample:
            torch.testing.assert_close(sample.gt_score.sum(), torch.tensor(1.0))
    return model, losses


# The backbones the SMMix tests train, each at the input size it needs.
SMMIX_BACKBONES = {
    'deit_tiny': dict(
        size=64, width=192,
        backbone=dict(type='VisionTransformer', arch='deit-tiny', img_size=64,
                      patch_size=16, drop_path_rate=0.1),
        neck=None,
        head=dict(type='VisionTransformerClsHead', num_classes=NUM_CLASSES,
                  in_channels=192)),
    'swin': dict(
        size=128, width=256,
        backbone=dict(type='SwinTransformer', img_size=128, window_size=4,
                      arch=dict(embed_dims=32, depths=[1, 1, 1, 2],
                                num_heads=[1, 2, 2, 4])),
        neck=dict(type='GlobalAveragePooling'),
        head=dict(type='LinearClsHead', num_classes=NUM_CLASSES, in_channels=256)),
    'pvtv2_b0': dict(
        size=128, width=256,
        backbone=dict(type='mmdet.PyramidVisionTransformerV2', embed_dims=32,
                      num_layers=[2, 2, 2, 2]),
        neck=dict(type='GlobalAveragePooling'),
        head=dict(type='LinearClsHead', num_classes=NUM_CLASSES, in_channels=256)),
    'resnet18_cnn_variant': dict(
        size=128, width=512, guide=dict(type='mmrecmix.FeatureEnergyGuide'),
        backbone=dict(type='ResNet', depth=18),
        neck=dict(type='GlobalAveragePooling'),
        head=dict(type='LinearClsHead', num_classes=NUM_CLASSES, in_channels=512)),
}


def smmix_model_cfg(name, smmix_prob=0.5):
    spec = SMMIX_BACKBONES[name]
    cfg = dict(type='mmrecmix.GuidedMixClassifier',
               data_preprocessor=dict(type='ClsDataPreprocessor',
                                      num_classes=NUM_CLASSES),
               backbone=spec['backbone'], neck=spec['neck'], head=spec['head'],
               mix=dict(type='mmrecmix.SMMix', smmix_prob=smmix_prob),
               token_head=dict(in_channels=spec['width'], num_classes=NUM_CLASSES))
    if 'guide' in spec:
        cfg['guide'] = spec['guide']
    return cfg


@functools.lru_cache(maxsize=None)
def _automix_demo_model_cfg():
    from mmengine.config import Config
    return Config.fromfile(AUTOMIX_DEMO_CONFIG).model


def automix_demo_model_cfg():
    """A copy of the AutoMix digits demo's model config."""
    import copy
    return copy.deepcopy(_automix_demo_model_cfg())


def automix_demo_model(**overrides):
    """The AutoMix digits demo's classifier (``overrides`` merged into its config),
    initialised, in train mode."""
    from mmrecmix.registry import MODELS
    cfg = automix_demo_model_cfg()
    cfg.update(overrides)
    model = MODELS.build(cfg)
    model.init_weights()
    return model.train()


def automix_imagenet_optimization(model, epochs=4, mix_block_options=None):
    """The AutoMix ImageNet config's optimizer (mmrecmix.GroupOptionsConstructor)
    and schedulers (mmrecmix.GroupCosineAnnealingLR) on ``model``, over ``epochs``;
    ``mix_block_options`` replaces the Mix Block group's options when given."""
    from mmengine.config import Config
    from mmengine.optim import build_optim_wrapper

    from mmrecmix.registry import PARAM_SCHEDULERS
    cfg = Config.fromfile(osp.join(REPO_ROOT, 'configs', 'automix',
                                   'resnet50_4xb64-100e-automix_in1k.py'))
    if mix_block_options is not None:
        cfg.optim_wrapper.paramwise_cfg.group_options.mix_block = mix_block_options
    optim_wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
    schedulers = [PARAM_SCHEDULERS.build(dict(sched, T_max=epochs, end=epochs),
                                         default_args=dict(optimizer=optim_wrapper))
                  for sched in cfg.param_scheduler]
    return optim_wrapper, schedulers


@pytest.fixture(scope='session')
def trained_digits_checkpoint(tmp_path_factory):
    """A checkpoint of the digits demo trained for two epochs on the whole training
    split (90 steps, about 87 % top-1): for evaluations whose numbers must behave as their protocol
    says, which an untrained model's do not."""
    from mmengine.config import Config
    from mmengine.runner import Runner
    work_dir = tmp_path_factory.mktemp('trained_digits')
    cfg = Config.fromfile(DEMO_CONFIG)
    cfg.merge_from_dict({'train_cfg.max_epochs': 2, 'train_cfg.val_interval': 3,
                         'param_scheduler.1.T_max': 2, 'default_hooks.logger.interval': 50,
                         'default_hooks.checkpoint.save_best': None})
    cfg.work_dir = str(work_dir)
    Runner.from_cfg(cfg).train()
    return str(work_dir / 'epoch_2.pth')
