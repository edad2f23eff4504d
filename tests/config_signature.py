"""What the signature tests of the table configs share: a config reduced to what its
training step depends on, and two training iterations of a config through mmengine's
Runner on generated images (its model, data preprocessor, optimizer wrapper and
custom hooks; no dataset files, no validation, no checkpoint)."""
import copy
import glob
import os.path as osp
import re
import uuid

import torch

T = 'tables/'
# The folders of issue 29, each with the names of its configs that the issue added:
# test_config_signatures_train.py trains them by signature, and the one-iteration
# tests of test_pretrain_configs.py leave them out.
SCOPE = {
    'cait': r'cait-xxs(24|36)_.*',
    'deit': r'deit-base_.*|deit-tiny_4xb256-transmix_in1k\.py',
    'pvt': r'pvt-(tiny|small|medium|large)_.*',
    T + 'automix-t4-convnext': r'.*',
    T + 'automix-t13-cifar10-epochs': r'.*',
    T + 'automix-t13-cifar10-epochs-automix': r'.*',
    T + 'automix-t14-cifar100-epochs': r'.*',
    T + 'automix-t14-cifar100-epochs-automix': r'.*',
    T + 'rsb-a2': r'(efficientnet-b0|mobilenet-v2)_8xb256-300e-(?!rsb_).*',
    T + 'rsb-a3': r'(efficientnet-b0|mobilenet-v2|resnet50)_4xb512-100e-(?!rsb_).*',
    T + 'cutmix-imagenet-300e': r'(resnet101|resnext101-32x4d)_.*',
    T + 'cutmix-imagenet-300e-dropblock': r'.*',
    T + 'cutmix-imagenet-300e-moex': r'.*',
    T + 'cutmix-imagenet-300e-stochdepth': r'.*',
    T + 'cutmix-cifar-300e': r'pyramidnet110_.*',
    T + 'cutmix-cifar-300e-dropblock': r'.*',
    T + 'cutmix-cifar-300e-moex': r'.*',
    T + 'cutmix-cifar-300e-resnet110': r'.*',
    T + 'cutmix-cifar-300e-scheduled': r'.*',
    T + 'cutmix-cifar-300e-shakedrop': r'.*',
    T + 'cutmix-cifar-300e-stochdepth': r'.*',
    T + 'cutmix-cifar-300e-variants': r'.*',
    T + 'recursivemix-cifar100-200e': r'pyramidnet164_.*-(cutmix-resize|recursivemix-nocl)_.*',
    T + 'recursivemix-cifar100-200e-densenet': r'.*',
}


def signature_scope(configs_root: str) -> list:
    """The configs of :data:`SCOPE`, as paths relative to ``configs_root``."""
    return sorted(
        osp.relpath(path, configs_root) for folder, pattern in SCOPE.items()
        for path in glob.glob(osp.join(configs_root, folder, '*.py'))
        if re.fullmatch(pattern, osp.basename(path)))


# What a config may change without changing what one training iteration does: the
# run's length, where it writes, its checkpoints, logging and evaluation, and the
# config's notes on the paper.
NOTES = ('paper_rows', 'recipe_differences')
NOT_TRAINING = NOTES + ('work_dir', 'param_scheduler', 'val_dataloader', 'val_evaluator',
                        'val_cfg', 'test_dataloader', 'test_evaluator', 'test_cfg',
                        'default_hooks', 'auto_scale_lr', 'load_from', 'resume',
                        'log_processor', 'log_level', 'visualizer', 'vis_backends',
                        'env_cfg', 'launcher', 'randomness', 'default_scope')
# The length of a schedule (its other keys stay in the signature).
LENGTH_KEYS = ('T_max', 'end', 'begin', 'milestones', 'max_epochs', 'max_iters',
               'val_interval', 'val_begin')


def _without_lengths(value):
    if isinstance(value, dict):
        return {k: _without_lengths(v) for k, v in value.items() if k not in LENGTH_KEYS}
    if isinstance(value, (list, tuple)):
        return [_without_lengths(v) for v in value]
    return value


def training_signature(cfg) -> dict:
    """The parts of ``cfg`` one training iteration depends on: the resolved model
    (batch augments and mix included), the data preprocessor, the training pipeline
    and sampler, the optimizer wrapper, the custom hooks and the training loop's
    type, with every schedule length taken out. Two configs with equal signatures
    train the same iterations; they may differ in their length, schedule, checkpoints,
    evaluation and notes (``paper_rows``, ``recipe_differences``)."""
    full = cfg.to_dict()
    signature = {k: v for k, v in full.items() if k not in NOT_TRAINING}
    loader = signature.pop('train_dataloader', {}) or {}
    dataset = loader.get('dataset', {}) or {}
    signature['train_pipeline'] = dataset.get('pipeline')
    signature['train_sampler'] = loader.get('sampler')
    signature['train_batch_size'] = loader.get('batch_size')
    signature['param_scheduler_types'] = [
        s.get('type') for s in (full.get('param_scheduler') or [])]
    for key in [k for k in signature if k.startswith('train_') and k.endswith('pipeline')
                and k != 'train_pipeline']:
        signature.pop(key)  # a variable the loader's pipeline already holds
    for key in ('test_pipeline', 'val_pipeline', 'data_root', 'dataset_type'):
        signature.pop(key, None)
    return _without_lengths(signature)


def numbers_masked(value):
    """``value`` (a signature, or any part of one) with every number (not the
    booleans) replaced by ``'<number>'``: what stays are the types, modes, keys and
    switches that decide which code a training iteration runs."""
    if isinstance(value, dict):
        return {k: numbers_masked(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [numbers_masked(v) for v in value]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return '<number>'
    return value


def backbone_and_mix(cfg) -> dict:
    """What a config trains, up to its recipe scalars: its model (backbone, neck,
    head, classifier type and every mix part: batch augments, feature mix, guided
    mix, guide, relabeller, Mix Block) with the numbers masked (classes, depths,
    mix alphas and probabilities, drop rates), the types of its training pipeline's
    steps (Cutout is one), of its optimizer and optimizer wrapper and of its custom
    hooks."""
    signature = training_signature(cfg)
    optim_wrapper = signature.get('optim_wrapper') or {}
    return dict(model=numbers_masked(signature['model']),
                pipeline=[step.get('type') for step in signature['train_pipeline'] or []],
                optim_wrapper=optim_wrapper.get('type', 'OptimWrapper'),
                optimizer=(optim_wrapper.get('optimizer') or {}).get('type'),
                hooks=[hook['type'] if isinstance(hook, dict) else type(hook).__name__
                       for hook in signature.get('custom_hooks') or []])


def differing_numbers(first, second, path='') -> list:
    """The paths (``model.backbone.depth``) where two values of one structure hold
    different numbers."""
    if isinstance(first, dict) and isinstance(second, dict):
        return [p for k in sorted(set(first) | set(second))
                for p in differing_numbers(first.get(k), second.get(k), f'{path}.{k}')]
    if isinstance(first, (list, tuple)) and isinstance(second, (list, tuple)):
        return [p for i, (a, b) in enumerate(zip(first, second))
                for p in differing_numbers(a, b, f'{path}[{i}]')]
    return [path.lstrip('.')] if first != second else []


class GeneratedImages(torch.utils.data.Dataset):
    """``count`` random uint8 images of ``size`` x ``size``, labelled ``k % classes``,
    already packed as the data preprocessor takes them."""

    def __init__(self, count: int, size: int, classes: int):
        generator = torch.Generator().manual_seed(0)
        self.images = torch.randint(0, 256, (count, 3, size, size), generator=generator,
                                    dtype=torch.uint8)
        self.classes = classes

    def __len__(self):
        return len(self.images)

    def __getitem__(self, index):
        from mmpretrain.structures import DataSample
        return dict(inputs=self.images[index],
                    data_samples=DataSample().set_gt_label(index % self.classes))


def runner_iterations(cfg, work_dir, size: int, iterations: int = 2, count: int = 4):
    """Train ``cfg``'s model (with its data preprocessor) for ``iterations`` iterations
    of ``count`` generated images through mmengine's Runner: the config's optimizer
    wrapper (AMP's replaced by the plain one on a machine without CUDA, SyncBN by BN)
    and custom hooks, an iteration-based loop, no validation. Asserts every logged loss
    finite and the head's last linear layer moved by the optimizer; returns the
    runner."""
    from mmengine.model import revert_sync_batchnorm
    from mmengine.runner import Runner

    from mmrecmix.registry import MODELS
    torch.manual_seed(0)
    model = MODELS.build(dict(cfg.model, data_preprocessor=dict(cfg.data_preprocessor)))
    model = revert_sync_batchnorm(model)
    last_linear = [m for m in model.head.modules() if isinstance(m, torch.nn.Linear)][-1]
    head = last_linear.weight.detach().clone()
    optim_wrapper = copy.deepcopy(cfg.to_dict()['optim_wrapper'])
    if optim_wrapper.get('type', '').endswith('AmpOptimWrapper') and (
            not torch.cuda.is_available()):
        optim_wrapper['type'] = 'OptimWrapper'
        for key in ('loss_scale', 'dtype'):
            optim_wrapper.pop(key, None)
    losses = []

    from mmengine.hooks import Hook

    class RecordLosses(Hook):
        def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
            losses.append({k: v.detach().clone() for k, v in outputs.items()})

    runner = Runner(
        model=model, work_dir=str(work_dir),
        experiment_name=f'signature_{uuid.uuid4().hex}',
        train_dataloader=dict(
            dataset=GeneratedImages(count * iterations, size, cfg.model.head.num_classes),
            sampler=dict(type='DefaultSampler', shuffle=False), batch_size=count,
            num_workers=0, collate_fn=dict(type='pseudo_collate')),
        optim_wrapper=optim_wrapper,
        train_cfg=dict(by_epoch=False, max_iters=iterations),
        default_hooks=dict(logger=dict(type='LoggerHook', interval=1), checkpoint=None),
        custom_hooks=list(copy.deepcopy(cfg.get('custom_hooks', None) or []))
        + [RecordLosses()],
        default_scope=cfg.get('default_scope', 'mmpretrain'),
        randomness=dict(seed=0), env_cfg=dict(cudnn_benchmark=False, dist_cfg=dict(
            backend='gloo')), log_level='WARNING')
    runner.train()
    assert len(losses) == iterations
    for logged in losses:
        assert logged and all(torch.isfinite(v).all() for v in logged.values()), logged
    assert not torch.equal(last_linear.weight.detach(), head)
    runner.losses = losses
    return runner
