"""Time whole training steps (forward, backward, SGD update) of real models with each
mix, side by side, and report step time and peak memory as ratios to CutMix.

Step times come from one process, the variants interleaved repeat by repeat. Peak
memory comes from one child process per variant: ``torch.cuda.max_memory_allocated``
on a GPU, the process's peak resident memory (VmHWM) on a CPU, where it is coarser.

    python benchmarks/bench_train_step.py [--models resnet50 resnet18_cifar deit_s]
        [--batch 16]
        [--size 224] [--device cpu|cuda] [--amp none|float16|bfloat16] [--channels-last]
        [--repeats 5]
"""
import argparse
import json
import os.path as osp
import runpy
import statistics
import subprocess
import sys

import numpy as np
import torch
from timing import is_cuda, timed

NUM_CLASSES = 1000
RESNET50 = dict(
    backbone=dict(type='ResNet', depth=50),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(type='LinearClsHead', num_classes=NUM_CLASSES, in_channels=2048,
              loss=dict(type='CrossEntropyLoss')))
DEIT_S = dict(
    backbone=dict(type='VisionTransformer', arch='deit-small', img_size=224,
                  patch_size=16),
    neck=None,
    head=dict(type='VisionTransformerClsHead', num_classes=NUM_CLASSES,
              in_channels=384, loss=dict(type='CrossEntropyLoss')))
RESNET18_CIFAR = dict(
    backbone=dict(type='ResNet_CIFAR', depth=18),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(type='LinearClsHead', num_classes=NUM_CLASSES, in_channels=512,
              loss=dict(type='CrossEntropyLoss')))
RM = dict(type='mmrecmix.RecursiveMix', alpha=0.5)


def automix(resnet: dict, stage3_channels: int, lam_concat: bool) -> dict:
    """AutoMixClassifier on ``resnet`` as the reference configs set it up."""
    return dict(type='mmrecmix.AutoMixClassifier', **dict(
        resnet, backbone=dict(resnet['backbone'], out_indices=(2, 3))),
        mix_head=resnet['head'],
        mix_block=dict(type='mmrecmix.AutoMixBlock', in_channels=stage3_channels,
                       lam_concat=lam_concat))


# The model-guided comparators as the paper-table configs set them up.
REPO_ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
GUIDED_MIXES = runpy.run_path(osp.join(REPO_ROOT, 'configs', '_base_', 'guided_mixes.py'))


def guided(name: str, model: dict) -> dict:
    """``configs/_base_/guided_mixes.py``'s ``name`` on ``model``; a frozen guide
    network keeps random weights (its cost does not depend on them)."""
    cfg = dict(model, **GUIDED_MIXES[name])
    if (cfg.get('guide') or {}).get('type') == 'mmrecmix.FrozenNetworkGuide':
        cfg['guide'] = dict(cfg['guide'], checkpoint=None, allow_random_weights=True)
    return cfg


CUTMIX = dict(augments=dict(type='CutMix', alpha=1.0))
VARIANTS = {
    'resnet50': {
        'none': dict(type='ImageClassifier', **RESNET50),
        'Mixup': dict(type='ImageClassifier', **RESNET50,
                      train_cfg=dict(augments=dict(type='Mixup', alpha=1.0))),
        'CutMix': dict(type='ImageClassifier', **RESNET50, train_cfg=CUTMIX),
        'RecursiveMix': dict(type='mmrecmix.RecursiveMixClassifier', **RESNET50,
                             train_cfg=dict(augments=RM)),
        'RecursiveMix + neck': dict(
            type='mmrecmix.RecursiveMixClassifier', **RESNET50,
            train_cfg=dict(augments=RM),
            consistency=dict(type='mmrecmix.RoIConsistencyNeck', in_channels=2048,
                             num_classes=NUM_CLASSES, omega=0.5)),
        'AutoMix': automix(RESNET50, 1024, lam_concat=True),
    },
    # CIFAR-size: run with --size 32 --batch 100 (the AutoMix CIFAR config).
    'resnet18_cifar': {
        'none': dict(type='ImageClassifier', **RESNET18_CIFAR),
        'CutMix': dict(type='ImageClassifier', **RESNET18_CIFAR, train_cfg=CUTMIX),
        'AutoMix': automix(RESNET18_CIFAR, 256, lam_concat=False),
    },
    'deit_s': {
        'CutMix': dict(type='ImageClassifier', **DEIT_S, train_cfg=CUTMIX),
        'SMMix': dict(type='mmrecmix.GuidedMixClassifier', **DEIT_S,
                      mix=dict(type='mmrecmix.SMMix', smmix_prob=1.0),
                      token_head=dict(in_channels=384, num_classes=NUM_CLASSES)),
        'TransMix': guided('transmix', DEIT_S),
        'PuzzleMix': guided('puzzlemix_imagenet', DEIT_S),
        'AttentiveMix': guided('attentivemix_top6', DEIT_S),
    },
}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--models', nargs='+', default=list(VARIANTS),
                        choices=list(VARIANTS))
    parser.add_argument('--batch', type=int, default=16)
    parser.add_argument('--size', type=int, default=224)
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--amp', default='none', choices=('none', 'float16', 'bfloat16'),
                        help='train steps under autocast (AmpOptimWrapper; CUDA only)')
    parser.add_argument('--channels-last', action='store_true',
                        help='the model in channels-last memory format')
    parser.add_argument('--repeats', type=int, default=5)
    parser.add_argument('--warmup', type=int, default=2)
    parser.add_argument('--memory-of', nargs=2, metavar=('MODEL', 'VARIANT'),
                        help=argparse.SUPPRESS)  # child process: one variant's peak
    return parser.parse_args(argv)


def build(model_name, variant, args):
    """A model and its optimizer wrapper, on the device, in training mode."""
    from mmengine.optim import OptimWrapper
    from mmengine.registry import init_default_scope

    from mmrecmix.registry import MODELS
    init_default_scope('mmpretrain')
    cfg = dict(VARIANTS[model_name][variant],
               data_preprocessor=dict(type='ClsDataPreprocessor',
                                      num_classes=NUM_CLASSES))
    if model_name == 'deit_s':
        cfg['backbone'] = dict(cfg['backbone'], img_size=args.size)
    model = MODELS.build(cfg).to(args.device)
    if args.channels_last:
        model = model.to(memory_format=torch.channels_last)
    model.train()
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-3, momentum=0.9)
    if args.amp == 'none':
        return model, OptimWrapper(optimizer)
    from mmengine.optim import AmpOptimWrapper
    return model, AmpOptimWrapper(
        optimizer=optimizer, dtype=args.amp,
        loss_scale='dynamic' if args.amp == 'float16' else 1.0)


def make_batch(args):
    from mmpretrain.structures import DataSample
    generator = torch.Generator().manual_seed(0)
    return dict(
        inputs=[torch.randint(0, 256, (3, args.size, args.size), dtype=torch.uint8,
                              generator=generator) for _ in range(args.batch)],
        data_samples=[DataSample().set_gt_label(i % NUM_CLASSES)
                      for i in range(args.batch)])


def tensor_bytes(*tensors) -> int:
    return sum(t.numel() * t.element_size() for t in tensors if t is not None)


def held_state(model, optim_wrapper) -> tuple:
    """Bytes a mix keeps between steps, counted exactly: (RecursiveMix's history:
    mixed batch, labels, logits; the RoI head's parameters, gradients and optimizer
    state)."""
    augment = getattr(model, 'recursive_mix', None)
    history = tensor_bytes(augment.history_inputs, augment.history_scores,
                           augment.history_logits) if augment is not None else 0
    head = 0
    if getattr(model, 'consistency', None) is not None:
        for parameter in model.consistency.parameters():
            state = optim_wrapper.optimizer.state.get(parameter, {})
            head += tensor_bytes(parameter, parameter.grad,
                                 *[v for v in state.values() if torch.is_tensor(v)])
    return history, head


def train_step(model, batch, optim_wrapper):
    """One training step; for AutoMix also the momentum update its hook runs after
    every iteration (part of its step's cost)."""
    model.train_step(batch, optim_wrapper)
    if hasattr(model, 'momentum_update'):
        model.momentum_update(0.999)


def step_times(model_name, args):
    """variant -> list of seconds per training step, variants interleaved; and
    variant -> :func:`held_state` after the last step."""
    models = {variant: build(model_name, variant, args)
              for variant in VARIANTS[model_name]}
    batch = make_batch(args)
    times = {variant: [] for variant in models}
    for repeat in range(args.warmup + args.repeats):
        for variant, (model, optim_wrapper) in models.items():
            seconds = timed(lambda: train_step(model, batch, optim_wrapper), args.device)
            if repeat >= args.warmup:
                times[variant].append(seconds)
    held = {variant: held_state(*built) for variant, built in models.items()}
    return times, held


def smmix_op_time(args):
    """Median seconds of SMMix's window search + paste on this step's batch."""
    from mmrecmix.models.batch_augments import SMMix
    smmix = SMMix(smmix_prob=1.0)
    grid = args.size // 16
    inputs = torch.randn(args.batch, 3, args.size, args.size, device=args.device)
    score = torch.rand(args.batch, grid, grid, device=args.device)
    index = torch.arange(args.batch - 1, -1, -1, device=args.device)
    times = []
    for _ in range(args.warmup + 10):
        times.append(timed(lambda: smmix.region_mix(inputs, score, index), args.device))
    return statistics.median(times[args.warmup:])


def peak_memory_here(model_name, variant, args):
    """Bytes: the GPU allocator's peak, or this process's peak resident memory."""
    model, optim_wrapper = build(model_name, variant, args)
    batch = make_batch(args)
    for _ in range(2):  # the second step has history and optimizer state
        train_step(model, batch, optim_wrapper)
    if is_cuda(args.device):
        return torch.cuda.max_memory_allocated()
    with open('/proc/self/status') as f:
        line = next(line for line in f if line.startswith('VmHWM'))
    return int(line.split()[1]) * 1024


def peak_memory(model_name, variant, args):
    """Run :func:`peak_memory_here` in a fresh child process."""
    command = [sys.executable, __file__, '--memory-of', model_name, variant,
               '--batch', str(args.batch), '--size', str(args.size),
               '--device', args.device, '--amp', args.amp] + (
                   ['--channels-last'] if args.channels_last else [])
    output = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(output.stdout.strip().splitlines()[-1])


def table(model_name, times, memory, held, args):
    base_time = statistics.median(times['CutMix'])
    input_bytes = args.batch * 3 * args.size * args.size * 4
    logit_bytes = args.batch * NUM_CLASSES * 4
    lines = [f'**{model_name}** (batch {args.batch}, {args.size}x{args.size}, '
             f'{args.device}, amp {args.amp}, '
             f'{"channels-last" if args.channels_last else "contiguous"}; '
             f'one input batch = {input_bytes / 2**20:.1f} MiB, '
             f'one logit batch = {logit_bytes / 2**20:.2f} MiB)', '',
             '| mix | step s (median) | p25-p75 s | time / CutMix | peak MiB | '
             'extra peak vs CutMix MiB | history held MiB | RoI head state MiB |',
             '| --- | --- | --- | --- | --- | --- | --- | --- |']
    for variant, values in times.items():
        quartiles = (statistics.quantiles(values, n=4) if len(values) > 1
                     else [values[0]] * 3)
        median = statistics.median(values)
        extra = (memory[variant] - memory['CutMix']) / 2**20
        lines.append(f'| {variant} | {median:.3f} | {quartiles[0]:.3f}-'
                     f'{quartiles[2]:.3f} | {median / base_time:.3f}x | '
                     f'{memory[variant] / 2**20:.0f} | {extra:+.1f} | '
                     f'{held[variant][0] / 2**20:.2f} | {held[variant][1] / 2**20:.2f} |')
    return '\n'.join(lines)


def main(argv=None):
    args = parse_args(argv)
    torch.manual_seed(0)
    np.random.seed(0)
    if args.memory_of:
        print(json.dumps(peak_memory_here(*args.memory_of, args)))
        return None
    results = {}
    for model_name in args.models:
        times, held = step_times(model_name, args)
        memory = {variant: peak_memory(model_name, variant, args)
                  for variant in VARIANTS[model_name]}
        print(table(model_name, times, memory, held, args))
        if 'SMMix' in times:
            share = smmix_op_time(args) / statistics.median(times['SMMix'])
            print(f'\nSMMix window search + paste: {100 * share:.2f}% of the SMMix step')
        print()
        results[model_name] = dict(times=times, memory=memory, held=held)
    return results


if __name__ == '__main__':
    main()
