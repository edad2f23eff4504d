"""Time batch-mixing ops side by side on the same batch and print a markdown table.

Every op gets a fresh copy of one input batch per repeat (the copy is not timed), the
ops are interleaved repeat by repeat so that machine noise hits them alike, every op
of a repeat starts from the same random seed (so the CutMix family draws the same
ratios and the comparison is pair-wise), and the
table gives the median, the spread (25th-75th percentile), ratios to mmpretrain's
CutMix and to a plain copy of the batch (the memory-traffic floor), and the batch
bandwidth of each op: one read and one write of the batch per call, divided by its
median (for the copy, the device's copy bandwidth measured in the same run).
The guided mixes (PuzzleMix, Co-Mixup, AttentiveMix) get a random score of the shape
their guide gives; the guide's own forward (or backward) is not timed here. MoEx is
left out (it exchanges the moments of a layer's features inside the forward: see
bench_train_step.py), so is AugMix (a per-image transform in the data pipeline).

    python benchmarks/bench_ops.py [--batch 64] [--height 224] [--width 224]
        [--device cpu|cuda] [--dtype float32|float16] [--repeats 30] [--plot ops.png]
"""
import argparse
import statistics

import numpy as np
import torch
import torch.nn.functional as F
from timing import timed


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--batch', type=int, default=64)
    parser.add_argument('--height', type=int, default=224)
    parser.add_argument('--width', type=int, default=224)
    parser.add_argument('--classes', type=int, default=1000)
    parser.add_argument('--patch', type=int, default=16,
                        help='token stride of the SMMix score map')
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--dtype', default='float32', choices=('float32', 'float16'),
                        help='of the image batch (float16: as AMP training feeds it)')
    parser.add_argument('--repeats', type=int, default=30)
    parser.add_argument('--warmup', type=int, default=3)
    parser.add_argument('--plot', help='save a bar chart here')
    return parser.parse_args(argv)


def make_ops(args):
    """name -> (kind, op(inputs, labels, one_hot)); ``kind`` groups ops doing the
    same work, for the "no slower than the fastest peer" comparison."""
    import timm.data
    import torchvision.transforms.v2 as tv2
    from mmpretrain.models.utils.batch_augments import (CutMix as MMPreCutMix,
                                                        Mixup as MMPreMixup,
                                                        ResizeMix as MMPreResizeMix)

    from mmrecmix.models.batch_augments import (AttentiveMix, CoMixup, CutMix, FMix,
                                                Mixup, PuzzleMix, RecursiveMix,
                                                ResizeMix, SaliencyMix, SMMix, TransMix)

    recursive = RecursiveMix()
    cutmix = CutMix()
    fmix, resizemix = FMix(), ResizeMix()
    saliency_each, saliency_batch = SaliencyMix(mode='elem'), SaliencyMix(mode='batch')
    cutmix_elem, mixup, mixup_elem = CutMix(mode='elem'), Mixup(), Mixup(mode='elem')
    resizemix_elem = ResizeMix(mode='elem')
    smmix = SMMix(smmix_prob=1.0)
    # SMMix Table A4's placement with a host-side draw: a random window to the same place.
    smmix_random = SMMix(smmix_prob=1.0, source_region='random',
                         target_region='corresponding')
    grid = (args.height // args.patch, args.width // args.patch)
    score = torch.rand(args.batch, *grid, device=args.device)
    reversed_index = torch.arange(args.batch - 1, -1, -1, device=args.device)
    # TransMix's CutMix arm (the Mixup arm is a blend like the Mixups below).
    puzzlemix, transmix = PuzzleMix(), TransMix(switch_prob=1.0)
    transmix_elem = TransMix(prob=1.0, switch_prob=1.0, mode='elem')
    comixup = CoMixup()  # configs/_base_/guided_mixes.py's settings (the defaults)
    # InputGradientGuide's pixel saliency; FrozenNetworkGuide's 7x7 cell score.
    pixel_score = torch.rand(args.batch, args.height, args.width, device=args.device)
    attentivemix = AttentiveMix(top_k=6)
    cell_score = torch.rand(args.batch, 7, 7, device=args.device)
    mmpre_cutmix, mmpre_mixup = MMPreCutMix(alpha=1.0), MMPreMixup(alpha=1.0)
    mmpre_resizemix = MMPreResizeMix(alpha=1.0)
    timm_cutmix = timm.data.Mixup(mixup_alpha=0., cutmix_alpha=1.0,
                                  num_classes=args.classes, label_smoothing=0)
    timm_mixup = timm.data.Mixup(mixup_alpha=1.0, cutmix_alpha=0.,
                                 num_classes=args.classes, label_smoothing=0)
    timm_cutmix_elem = timm.data.Mixup(mixup_alpha=0., cutmix_alpha=1.0, mode='elem',
                                       num_classes=args.classes, label_smoothing=0)
    timm_mixup_elem = timm.data.Mixup(mixup_alpha=1.0, cutmix_alpha=0., mode='elem',
                                      num_classes=args.classes, label_smoothing=0)
    tv_cutmix = tv2.CutMix(num_classes=args.classes)
    tv_mixup = tv2.MixUp(num_classes=args.classes)
    return {
        'copy (floor)': ('floor', lambda x, y, s: x.clone()),
        'mmrecmix RecursiveMix': ('resize-paste', lambda x, y, s: recursive(x, s)),
        'mmrecmix ResizeMix (published)': (
            'resize-paste', lambda x, y, s: resizemix(x, s)),
        'mmpretrain ResizeMix': ('resize-paste', lambda x, y, s: mmpre_resizemix(x, s)),
        'mmrecmix FMix': ('mask-paste', lambda x, y, s: fmix(x, s)),
        'mmrecmix SaliencyMix per image': (
            'saliency-paste', lambda x, y, s: saliency_each(x, s)),
        'mmrecmix SaliencyMix per batch': (
            'saliency-paste', lambda x, y, s: saliency_batch(x, s)),
        'mmrecmix CutMix': ('cut-paste', lambda x, y, s: cutmix(x, s)),
        'mmpretrain CutMix': ('cut-paste', lambda x, y, s: mmpre_cutmix(x, s)),
        'timm CutMix': ('cut-paste', lambda x, y, s: timm_cutmix(x, y)),
        'torchvision CutMix': ('cut-paste', lambda x, y, s: tv_cutmix(x, y)),
        'mmrecmix CutMix elem': ('cut-paste per sample', lambda x, y, s: cutmix_elem(x, s)),
        'timm CutMix elem': ('cut-paste per sample', lambda x, y, s: timm_cutmix_elem(x, y)),
        'mmrecmix ResizeMix elem': (
            'resize-paste per sample', lambda x, y, s: resizemix_elem(x, s)),
        'mmrecmix SMMix search+paste': (
            'region-paste', lambda x, y, s: smmix.region_mix(x, score, reversed_index)),
        'mmrecmix SMMix random->corresponding': (
            'region-paste',
            lambda x, y, s: smmix_random.region_mix(x, score, reversed_index)),
        'mmrecmix TransMix input mix': ('cut-paste', lambda x, y, s: transmix(x, s, None)),
        'mmrecmix TransMix elem input mix': (
            'cut-paste per sample', lambda x, y, s: transmix_elem(x, s, None)),
        'mmrecmix AttentiveMix top 6': (
            'cell-paste', lambda x, y, s: attentivemix(x, s, cell_score)),
        'mmrecmix PuzzleMix mask+transport': (
            'saliency-solve', lambda x, y, s: puzzlemix(x, s, pixel_score)),
        'mmrecmix Co-Mixup block solve': (
            'saliency-solve', lambda x, y, s: comixup(x, s, pixel_score)),
        'mmpretrain Mixup': ('blend', lambda x, y, s: mmpre_mixup(x, s)),
        'timm Mixup': ('blend', lambda x, y, s: timm_mixup(x, y)),
        'torchvision MixUp': ('blend', lambda x, y, s: tv_mixup(x, y)),
        'mmrecmix Mixup': ('blend', lambda x, y, s: mixup(x, s)),
        'mmrecmix Mixup elem': ('blend per sample', lambda x, y, s: mixup_elem(x, s)),
        'timm Mixup elem': ('blend per sample', lambda x, y, s: timm_mixup_elem(x, y)),
    }


def time_ops(ops, args):
    """Interleaved timings: name -> list of seconds."""
    torch.manual_seed(0)
    inputs = torch.randn(args.batch, 3, args.height, args.width, device=args.device,
                         dtype=getattr(torch, args.dtype))
    labels = torch.randint(0, args.classes, (args.batch, ), device=args.device)
    one_hot = F.one_hot(labels, args.classes).float()
    times = {name: [] for name in ops}
    # Each op's last batch stays referenced until its next batch is timed, so that
    # freeing a batch (RecursiveMix drops its history) never falls inside a timing.
    previous = {}
    for repeat in range(args.warmup + args.repeats):
        for name, (_, op) in ops.items():
            # The same seed for every op of a repeat: ops that draw alike (the
            # CutMix family) get the same ratio, so they are compared pair-wise.
            np.random.seed(repeat)
            torch.manual_seed(repeat)
            fresh = inputs.clone()
            seconds = timed(lambda: op(fresh, labels, one_hot), args.device)
            if repeat >= args.warmup:
                times[name].append(seconds)
            previous[name] = fresh
    return times


def summarise(ops, times):
    """Rows of (name, kind, median ms, p25 ms, p75 ms)."""
    rows = []
    for name, (kind, _) in ops.items():
        values = sorted(times[name])
        quartiles = (statistics.quantiles(values, n=4) if len(values) > 1
                     else [values[0]] * 3)
        rows.append((name, kind, 1e3 * statistics.median(values),
                     1e3 * quartiles[0], 1e3 * quartiles[2]))
    return rows


def batch_bytes(args) -> int:
    """One read and one write of the image batch."""
    itemsize = torch.empty((), dtype=getattr(torch, args.dtype)).element_size()
    return 2 * args.batch * 3 * args.height * args.width * itemsize


def markdown(rows, moved_bytes):
    median = {name: m for name, _, m, _, _ in rows}
    lines = ['| op | kind | median ms | p25-p75 ms | / mmpretrain CutMix | / copy | '
             'batch GB/s |',
             '| --- | --- | --- | --- | --- | --- | --- |']
    for name, kind, m, low, high in rows:
        lines.append(f'| {name} | {kind} | {m:.3f} | {low:.3f}-{high:.3f} | '
                     f"{m / median['mmpretrain CutMix']:.2f}x | "
                     f"{m / median['copy (floor)']:.2f}x | {moved_bytes / m / 1e6:.3g} |")
    return '\n'.join(lines)


def target_lines(rows):
    """The performance targets of the project, checked on this run."""
    median = {name: m for name, _, m, _, _ in rows}
    kinds = {}
    for name, kind, m, _, _ in rows:
        kinds.setdefault(kind, []).append((m, name))
    rm = median['mmrecmix RecursiveMix']
    checks = [
        ('RecursiveMix <= 1.1x mmpretrain CutMix', rm / median['mmpretrain CutMix'], 1.1),
        ('RecursiveMix <= 2x plain copy', rm / median['copy (floor)'], 2.0),
    ]
    for name in ('mmrecmix CutMix', 'mmrecmix RecursiveMix'):
        kind = next(k for n, k, *_ in rows if n == name)
        peers = [m for m, other in kinds[kind] if not other.startswith('mmrecmix')]
        checks.append((f'{name} <= fastest peer ({kind})', median[name] / min(peers), 1.0))
    return [f"- {label}: {ratio:.2f}x ({'met' if ratio <= bound else 'NOT met'})"
            for label, ratio, bound in checks]


#: (per-sample op, its batch-mode op, the peer doing the same per-sample work).
PER_SAMPLE = [('mmrecmix CutMix elem', 'mmrecmix CutMix', 'timm CutMix elem'),
              ('mmrecmix Mixup elem', 'mmrecmix Mixup', 'timm Mixup elem'),
              ('mmrecmix ResizeMix elem', 'mmrecmix ResizeMix (published)', None),
              ('mmrecmix SaliencyMix per image', 'mmrecmix SaliencyMix per batch', None),
              ('mmrecmix TransMix elem input mix', 'mmrecmix TransMix input mix',
               'timm CutMix elem')]


def per_sample_table(rows):
    """Per-sample modes side by side: their cost over batch mode and over timm's."""
    median = {name: m for name, _, m, _, _ in rows}
    lines = ['| per-sample op | median ms | / its batch mode | peer | / peer |',
             '| --- | --- | --- | --- | --- |']
    for name, batch, peer in PER_SAMPLE:
        versus_peer = f'{median[name] / median[peer]:.2f}x' if peer else '-'
        lines.append(f'| {name} | {median[name]:.3f} | {median[name] / median[batch]:.2f}x '
                     f'| {peer or "-"} | {versus_peer} |')
    return '\n'.join(lines)


def save_plot(path, rows):
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    figure, axes = plt.subplots(figsize=(7, 4))
    names = [row[0] for row in rows]
    axes.barh(names, [row[2] for row in rows],
              xerr=[[r[2] - r[3] for r in rows], [r[4] - r[2] for r in rows]])
    axes.invert_yaxis()
    axes.set_xlabel('median ms per batch')
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)


def main(argv=None):
    args = parse_args(argv)
    if args.batch % 2:
        raise SystemExit('--batch must be even (timm Mixup needs it).')
    ops = make_ops(args)
    rows = summarise(ops, time_ops(ops, args))
    print(f'batch {args.batch}x3x{args.height}x{args.width}, {args.classes} classes, '
          f'device {args.device}, {args.repeats} interleaved repeats, '
          f'torch {torch.__version__}, {torch.get_num_threads()} threads\n')
    moved = batch_bytes(args)
    copy_ms = next(m for name, _, m, _, _ in rows if name == 'copy (floor)')
    print(f'copy bandwidth of this device: {moved / copy_ms / 1e6:.3g} GB/s '
          f'({moved / 1e6:.1f} MB read + written per call)\n')
    print(markdown(rows, moved))
    print('\n' + '\n'.join(target_lines(rows)))
    print('\n' + per_sample_table(rows))
    if args.plot:
        save_plot(args.plot, rows)
    return rows


if __name__ == '__main__':
    main()
