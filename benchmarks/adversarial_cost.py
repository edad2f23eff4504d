"""Time one test batch of the digits demo model three ways, side by side: the plain
test pass, FGSM and PGD (AdversarialTestLoop's per-batch work: the attack, then the
prediction on the attacked images), and report each per image and as a ratio to the
plain pass.

The passes are interleaved repeat by repeat on the same batch of validation digits at
the demo's 16x16; the model keeps random weights (the cost does not depend on them)
and stays in eval mode, as in the loop. Hooks and the evaluator, the same for all
three, are left out.

    python benchmarks/adversarial_cost.py [--batch 64] [--steps 10] [--eps 0.0314]
        [--device cpu|cuda] [--repeats 10] [--warmup 2]
"""
import argparse
import os.path as osp
import statistics

import torch
from timing import timed

REPO_ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
DEMO_CONFIG = osp.join(REPO_ROOT, 'configs', 'demo', 'resnet18_digits_demo.py')


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--batch', type=int, default=64)
    parser.add_argument('--steps', type=int, default=10, help="PGD's number of steps")
    parser.add_argument('--eps', type=float, default=8 / 255)
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--repeats', type=int, default=10)
    parser.add_argument('--warmup', type=int, default=2)
    return parser.parse_args(argv)


def build(args):
    """The demo model (eval mode, on the device) and a batch of validation digits."""
    from mmengine.config import Config
    from mmengine.dataset import pseudo_collate
    from mmengine.registry import init_default_scope

    from mmrecmix.registry import DATASETS, MODELS
    init_default_scope('mmrecmix')
    cfg = Config.fromfile(DEMO_CONFIG)
    model = MODELS.build(dict(cfg.model, data_preprocessor=cfg.data_preprocessor))
    model = model.to(args.device).eval()
    dataset = DATASETS.build(dict(cfg.test_dataloader.dataset, indices=args.batch))
    return model, pseudo_collate([dataset[i] for i in range(len(dataset))])


def passes(args) -> dict:
    """name -> (model forwards + backwards per batch, the call that does one batch)."""
    from mmrecmix.engine.runner import LinfAttack
    attacks = {
        'FGSM': LinfAttack('fgsm', args.eps),
        f'PGD-{args.steps}': LinfAttack('pgd', args.eps, steps=args.steps),
    }

    def plain(model, batch):
        with torch.no_grad():
            return model.test_step(batch)

    def attacked(attack):
        def run(model, batch):
            images = attack.perturb(model, batch)
            with torch.no_grad():
                return model.test_step(dict(batch, inputs=images * 255))
        return run

    work = {'plain test pass': ('1 fwd', plain)}
    for name, attack in attacks.items():
        steps = attack.steps or 1
        work[name] = (f'{steps + 1} fwd + {steps} bwd', attacked(attack))
    return work


def seconds_per_batch(model, batch, work, args) -> dict:
    """name -> list of seconds per batch, the passes interleaved."""
    times = {name: [] for name in work}
    for repeat in range(args.warmup + args.repeats):
        for name, (_, call) in work.items():
            seconds = timed(lambda: call(model, batch), args.device)
            if repeat >= args.warmup:
                times[name].append(seconds)
    return times


def table(times, work, args) -> str:
    per_image = {name: [1000 * s / args.batch for s in values]
                 for name, values in times.items()}
    base = statistics.median(per_image['plain test pass'])
    lines = [f'digits demo ResNet-18 (CIFAR stem), batch {args.batch}, 16x16, '
             f'{args.device}, torch threads {torch.get_num_threads()}, eps {args.eps * 255:g}/255, '
             f'{args.repeats} repeats', '',
             '| pass | model passes per batch | ms / image (median) | p25-p75 ms | '
             '/ plain |', '| --- | --- | --- | --- | --- |']
    for name, values in per_image.items():
        low, _, high = statistics.quantiles(values, n=4) if len(values) > 1 \
            else [values[0]] * 3
        median = statistics.median(values)
        lines.append(f'| {name} | {work[name][0]} | {median:.3f} | {low:.3f}-{high:.3f} | '
                     f'{median / base:.2f}x |')
    return '\n'.join(lines)


def main(argv=None):
    args = parse_args(argv)
    torch.manual_seed(0)
    model, batch = build(args)
    work = passes(args)
    times = seconds_per_batch(model, batch, work, args)
    print(table(times, work, args))
    return times


if __name__ == '__main__':
    main()
